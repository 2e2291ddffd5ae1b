import type { RouteRecordRaw } from 'vue-router'

/** The admin workspace's pages, under the shell. */
const routes: RouteRecordRaw[] = []
export default routes
