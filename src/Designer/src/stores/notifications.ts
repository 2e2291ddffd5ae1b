import { defineStore } from 'pinia'
import { api, call, type Schemas } from '@/api/client'

/** The 站内信 bell: the unread count, refreshed on navigation and every minute while signed in. */
export const useNotifications = defineStore('notifications', {
  state: () => ({ unread: 0, items: [] as Schemas['NotificationItem'][], loading: false }),
  actions: {
    async refresh() {
      const { data, response } = await api.GET('/api/notifications', { params: { query: { page: 1, pageSize: 10 } } })
      if (response.ok && data) {
        this.items = data.items
        this.unread = Number(data.unread)
      }
    },
    async markRead(id: string) {
      await call(() => api.POST('/api/notifications/{id}/read', { params: { path: { id } } }))
      await this.refresh()
    },
    async markAllRead() {
      await call(() => api.POST('/api/notifications/read-all'))
      await this.refresh()
    },
  },
})
