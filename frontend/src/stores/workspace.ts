import { defineStore } from 'pinia'
import { api } from '../api'
import type { BackupInfo, CreateRequest, Settings, Status, Unlocker } from '../api/types'
import { setLocale } from '../i18n'
import { follow } from './events'

export const useWorkspace = defineStore('workspace', {
  state: () => ({
    status: null as Status | null,
    loading: true,
    backupInfo: null as BackupInfo | null,
    // who can unlock: with more than one the unlock screen asks who.
    unlockers: [] as Unlocker[],
    stop: null as (() => void) | null,
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
    async loadUnlockers() {
      this.unlockers = await api().unlockers()
      return this.unlockers
    },
    // unlockAs unlocks as one of the unlockers ('' for whoever the
    // passphrase is of, as a one-person workspace does).
    async unlockAs(who: string, passphrase: string) {
      this.status = who ? await api().unlockAs(who, passphrase) : await api().unlock(passphrase)
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
    async loadBackupInfo() {
      this.backupInfo = await api().backupInfo()
      return this.backupInfo
    },
    // listen follows the workspace's own state: locked by Go (idle, a
    // restore), settings changed elsewhere.
    listen() {
      if (this.stop) return
      this.stop = follow(['workspace:locked'], ['settings', 'workspace'], () => {
        this.refresh().catch(() => {})
        if (this.backupInfo) this.loadBackupInfo().catch(() => {})
      })
    },
    async saveSettings(s: Settings) {
      const saved = await api().saveSettings(s)
      await this.refresh()
      return saved
    },
  },
})
