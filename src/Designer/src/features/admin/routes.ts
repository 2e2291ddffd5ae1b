import type { RouteRecordRaw } from 'vue-router'

/** The admin workspace's pages, under the shell. */
const routes: RouteRecordRaw[] = [
  {
    path: 'admin/users',
    component: () => import('./UsersPage.vue'),
    meta: { roles: ['admin'], title: 'nav.users', nav: true },
  },
  {
    path: 'admin/departments',
    component: () => import('./DepartmentsPage.vue'),
    meta: { roles: ['admin'], title: 'nav.departments', nav: true },
  },
]
export default routes
