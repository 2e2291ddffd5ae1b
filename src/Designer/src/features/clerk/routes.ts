import type { RouteRecordRaw } from 'vue-router'

/** The clerk workspace's pages, under the shell. */
const routes: RouteRecordRaw[] = []
export default routes
