import { defineStore } from 'pinia'
import { api } from '../api'
import type { Alert, DossierFlags, ListVersion } from '../api/types'
import { concerns, follow } from './events'

type Done = { new_hits: number; cancelled: boolean; error?: string }
const doneHooks = new Set<(r: Done) => void>()

// Sanctions screening: the lists, the alerts for new hits, the threshold,
// a re-screen's progress, and the red flags of the open dossier.
export const useScreening = defineStore('screening', {
  state: () => ({
    lists: [] as ListVersion[],
    alerts: [] as Alert[],
    showAcked: false,
    threshold: 0.85,
    progress: null as { done: number; total: number } | null,
    dossierId: '',
    flags: null as DossierFlags | null,
    stop: null as (() => void) | null,
  }),
  actions: {
    async load() {
      const [lists, alerts, threshold] = await Promise.all([api().lists(), api().alerts(this.showAcked), api().threshold()])
      this.lists = lists
      this.alerts = alerts
      this.threshold = threshold
    },
    async loadAlerts(all?: boolean) {
      if (all !== undefined) this.showAcked = all
      this.alerts = await api().alerts(this.showAcked)
      return this.alerts
    },
    async ackAlert(id: string) {
      await api().ackAlert(id)
      await this.loadAlerts()
    },
    async importLists(folder: boolean) {
      const v = await api().importLists(folder)
      await this.load()
      return v
    },
    async importPathAllowShrink(path: string) {
      const v = await api().importPathAllowShrink(path)
      await this.load()
      return v
    },
    async setListPublished(id: string, date: string) {
      const v = await api().setListPublished(id, date)
      await this.load()
      return v
    },
    async rescreen() {
      this.progress = { done: 0, total: 0 }
      try {
        await api().rescreen()
      } catch (e) {
        this.progress = null
        throw e
      }
    },
    cancelRescreen() {
      return api().cancelRescreen()
    },
    async setThreshold(t: number) {
      await api().setThreshold(t)
      this.threshold = t
    },
    async openFlags(id: string) {
      if (id !== this.dossierId) this.flags = null
      this.dossierId = id
      const f = await api().flags(id)
      if (id === this.dossierId) this.flags = f
      return f
    },
    async screenNow() {
      await api().screenNow(this.dossierId)
      await this.openFlags(this.dossierId)
    },
    async decide(key: string, verdict: string, reason: string) {
      await api().decide(this.dossierId, key, verdict, reason)
      await this.openFlags(this.dossierId)
    },
    hitEntry(key: string) {
      return api().hitEntry(key)
    },
    // onDone hears the end of a re-screen (a screen says so); it returns
    // the function that stops hearing it.
    onDone(fn: (r: Done) => void) {
      doneHooks.add(fn)
      return () => doneHooks.delete(fn)
    },
    // listen follows a re-screen (progress, done), new hits of one
    // customer, and changes to screening records made elsewhere.
    listen() {
      if (this.stop) return
      const offs: (() => void)[] = []
      try {
        offs.push(api().on('screening:progress', (p) => (this.progress = p as { done: number; total: number })))
        offs.push(api().on('screening:done', (r) => {
          this.progress = null
          for (const f of doneHooks) f(r as Done)
        }))
      } catch {
        /* no runtime */
      }
      const quiet = () => {}
      // Lists and alerts change with screening; a dossier's red flags also
      // with the dossier itself.
      const stopBoard = follow(['screening:new-hits', 'screening:done', 'import:screen-done'], ['screening', 'alert', 'list'], () => {
        this.load().catch(quiet)
      })
      const stopFlags = follow(['screening:new-hits', 'dossier:saved'], ['screening', 'dossier'], (h) => {
        if (this.dossierId && concerns(h, this.dossierId)) this.openFlags(this.dossierId).catch(quiet)
      })
      const stopFollow = () => {
        stopBoard()
        stopFlags()
      }
      this.stop = () => {
        stopFollow()
        offs.forEach((f) => f())
      }
    },
  },
})
