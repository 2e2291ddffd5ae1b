import type { RouteRecordRaw } from 'vue-router'

/** The analyst's designer: the catalogue of one-things and the modeller (bpmn-js and the form editor load only here). */
const routes: RouteRecordRaw[] = [
  {
    path: 'design/:processId',
    component: () => import('./DesignPage.vue'),
    meta: { roles: ['analyst'], title: 'designer.design.title' },
  },
]
export default routes
