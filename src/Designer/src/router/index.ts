import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useSession, type Role } from '@/stores/session'
import applicant from '@/features/applicant/routes'
import clerk from '@/features/clerk/routes'
import approver from '@/features/approver/routes'
import auditor from '@/features/auditor/routes'
import admin from '@/features/admin/routes'
import designer from '@/features/designer/routes'

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page; absent: anyone, signed in or not. */
    roles?: Role[]
    /** The i18n key of the page's title (and of its navigation entry). */
    title?: string
    /** Shown in the navigation for the roles above. */
    nav?: boolean
    /** Pages without the shell (sign-in). */
    bare?: boolean
  }
}

/** Each workspace contributes its own routes (features/<role>/routes.ts); the shell shows those marked `nav` to the
 * roles that may open them. */
export const workspaceRoutes: RouteRecordRaw[] = [...applicant, ...clerk, ...approver, ...auditor, ...admin, ...designer]

const routes: RouteRecordRaw[] = [
  { path: '/sign-in', component: () => import('@/shell/SignInPage.vue'), meta: { bare: true, title: 'signIn.title' } },
  {
    path: '/',
    component: () => import('@/shell/AppLayout.vue'),
    children: [
      { path: '', component: () => import('@/shell/HomeRedirect.vue') },
      ...workspaceRoutes,
      { path: 'forbidden', component: () => import('@/shell/ForbiddenPage.vue'), meta: { title: 'shell.forbidden' } },
      { path: ':rest(.*)*', component: () => import('@/shell/NotFoundPage.vue'), meta: { title: 'shell.notFound' } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const session = useSession()
  if (!session.loaded) await session.load()
  const roles = to.meta.roles
  if (!roles) return true
  if (!session.signedIn) return { path: '/sign-in', query: { next: to.fullPath } }
  if (!session.hasRole(...roles)) return { path: '/forbidden', query: { from: to.fullPath } }
  return true
})
