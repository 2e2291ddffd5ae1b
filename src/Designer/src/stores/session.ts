import { defineStore } from 'pinia'
import { api, call, resetAntiforgery, type Schemas } from '@/api/client'

export type Role = 'applicant' | 'clerk' | 'approver' | 'analyst' | 'auditor' | 'admin'
type Me = Schemas['CurrentUser']

/** The signed-in user (or none), as the server knows them: roles and departments decide the navigation. */
export const useSession = defineStore('session', {
  state: () => ({ user: null as Me | null, loaded: false, expired: false }),
  getters: {
    signedIn: (s) => s.user !== null,
    roles: (s): Role[] => (s.user?.roles ?? []) as Role[],
  },
  actions: {
    hasRole(...roles: Role[]) {
      return roles.some((r) => this.roles.includes(r))
    },
    /** Asks the server who is signed in (once per page load, and after sign-in). */
    async load() {
      const { data } = await api.GET('/api/auth/session')
      this.user = data?.user ?? null
      this.loaded = true
    },
    async signIn(userName: string, password: string) {
      const user = await call(() => api.POST('/api/auth/login', { body: { userName, password } }))
      resetAntiforgery()
      this.user = user
      this.expired = false
      this.loaded = true
    },
    async signOut() {
      await call(() => api.POST('/api/auth/logout')).catch(() => undefined)
      this.forget()
    },
    /** The session ended (401 from any call, or sign-out): forget the user and the token. */
    forget() {
      resetAntiforgery()
      this.user = null
    },
    /** The workspace a role starts in. */
    home(): string {
      if (this.hasRole('clerk')) return '/intake'
      if (this.hasRole('approver')) return '/todo'
      if (this.hasRole('auditor')) return '/trace'
      if (this.hasRole('admin')) return '/admin/users'
      return '/guide'
    },
  },
})
