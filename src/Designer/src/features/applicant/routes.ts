import type { RouteRecordRaw } from 'vue-router'

/** The applicant workspace's pages, under the shell. */
const routes: RouteRecordRaw[] = [
  { path: 'guide', component: () => import('./GuidePage.vue'), meta: { title: 'nav.guide', nav: true } },
  { path: 'guide/:processId', component: () => import('./GuideDetailPage.vue'), meta: { title: 'nav.guide' } },
  {
    path: 'apply/:processId',
    component: () => import('./ApplyPage.vue'),
    meta: { roles: ['applicant'], title: 'applicant.apply.title' },
  },
  {
    path: 'mine',
    component: () => import('./MinePage.vue'),
    meta: { roles: ['applicant'], title: 'nav.mine', nav: true },
  },
  {
    path: 'mine/:id/edit',
    component: () => import('./ApplyPage.vue'),
    meta: { roles: ['applicant'], title: 'applicant.apply.title' },
  },
  {
    path: 'mine/:id',
    component: () => import('./CaseDetailPage.vue'),
    meta: { roles: ['applicant'], title: 'applicant.detail.title' },
  },
]
export default routes
