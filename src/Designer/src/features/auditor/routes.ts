import type { RouteRecordRaw } from 'vue-router'

/** The auditor workspace's pages, under the shell. */
const routes: RouteRecordRaw[] = []
export default routes
