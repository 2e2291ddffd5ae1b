import type { RouteRecordRaw } from 'vue-router'

/** The auditor workspace's pages, under the shell. */
const routes: RouteRecordRaw[] = [
  {
    path: 'trace',
    component: () => import('./TracePage.vue'),
    meta: { roles: ['auditor'], title: 'nav.trace', nav: true },
  },
  {
    path: 'trace/:id',
    component: () => import('./CaseHistoryPage.vue'),
    meta: { roles: ['auditor'], title: 'auditor.history.title' },
  },
]
export default routes
