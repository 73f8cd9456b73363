import { defineStore } from 'pinia'
import { api } from '../api'
import type { CreateRequest, Settings, Status } from '../api/types'
import { setLocale } from '../i18n'

export const useWorkspace = defineStore('workspace', {
  state: () => ({
    status: null as Status | null,
    loading: true,
  }),
  getters: {
    unlocked: (s) => !!s.status?.unlocked,
    language: (s) => s.status?.language ?? 'zh-CN',
  },
  actions: {
    async refresh() {
      this.status = await api().status()
      setLocale(this.status.language)
      this.loading = false
    },
    async create(req: CreateRequest) {
      this.status = await api().create(req)
      setLocale(this.status.language)
    },
    async unlock(passphrase: string) {
      this.status = await api().unlock(passphrase)
      setLocale(this.status.language)
    },
    async lock() {
      await api().lock()
      await this.refresh()
    },
    async setLanguage(lang: string) {
      setLocale(lang)
      if (this.status) this.status.language = lang
      await api().setLanguage(lang)
    },
    async saveSettings(s: Settings) {
      const saved = await api().saveSettings(s)
      await this.refresh()
      return saved
    },
  },
})
