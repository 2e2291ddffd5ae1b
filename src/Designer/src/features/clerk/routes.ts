import type { RouteRecordRaw } from 'vue-router'

/** The clerk workspace's pages, under the shell. */
const routes: RouteRecordRaw[] = [
  { path: 'intake', component: () => import('./IntakePage.vue'), meta: { roles: ['clerk'], title: 'nav.intake', nav: true } },
  { path: 'intake/:id', component: () => import('./IntakeCasePage.vue'), meta: { roles: ['clerk'], title: 'nav.intake' } },
]
export default routes
