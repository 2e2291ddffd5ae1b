import type { RouteRecordRaw } from 'vue-router'

/** The approver workspace's pages, under the shell (the clerk's 统一出件 arrives in the same 待办). */
const routes: RouteRecordRaw[] = [
  { path: 'todo', component: () => import('./TaskListPage.vue'), meta: { roles: ['approver', 'clerk'], title: 'nav.todo', nav: true, view: 'todo' } },
  { path: 'done', component: () => import('./TaskListPage.vue'), meta: { roles: ['approver', 'clerk'], title: 'nav.done', nav: true, view: 'done' } },
  { path: 'copied', component: () => import('./TaskListPage.vue'), meta: { roles: ['approver', 'clerk'], title: 'nav.copied', nav: true, view: 'copied' } },
  { path: 'tasks/:id', component: () => import('./TaskPage.vue'), meta: { roles: ['approver', 'clerk'], title: 'approver.task' } },
  { path: 'cases/:id', component: () => import('./CasePage.vue'), meta: { roles: ['clerk', 'approver', 'auditor'], title: 'approver.caseTitle' } },
]
export default routes
