import { defineStore } from 'pinia'
import { api } from '../api'
import type { DeviceRow, Invitation, SyncResult, SyncStatus } from '../api/types'
import { ANY, follow } from './events'

// Sync as the header shows it: configured or not, last sync, changes
// waiting to go, running (with its step) and the last error. Go emits
// sync:status after every sync (background ones too) and sync:progress
// while one runs.
export const useSync = defineStore('sync', {
  state: () => ({
    status: null as SyncStatus | null,
    step: '' as string, // the running sync's step, for its label
    busy: false, // a sync asked for here runs
    last: null as SyncResult | null,
    devices: [] as DeviceRow[],
    invitation: null as Invitation | null,
    stop: null as (() => void) | null,
  }),
  getters: {
    configured: (s) => !!s.status?.configured,
    // running: events may arrive in any order, so the step alone never
    // says a sync runs.
    running: (s) => !!s.status?.running || s.busy,
    // warning: the header shows the state in orange (an error kept from
    // the last sync, or a clock far off the server's).
    warning: (s) => !!s.status?.error || !!s.status?.skew_warning || !!s.status?.refused?.length,
  },
  actions: {
    async load() {
      this.status = await api().syncStatus()
      return this.status
    },
    // now syncs at once; the header's button. A failure is kept in the
    // status (the header shows it) and thrown for a toast.
    async now() {
      this.step = 'changes'
      this.busy = true
      try {
        this.last = await api().syncNow()
        this.status = this.last.status
        return this.last
      } finally {
        this.step = ''
        this.busy = false
        await this.load().catch(() => {})
      }
    },
    async acknowledgeRefused() {
      this.status = await api().syncAcknowledgeRefused()
      return this.status
    },
    async cancel() {
      await api().cancelSync()
    },
    async setup(url: string, deviceName: string) {
      this.status = await api().syncSetup(url, deviceName)
      return this.status
    },
    async invite(role: string) {
      this.invitation = await api().syncInvite(role)
      return this.invitation
    },
    async loadDevices() {
      this.devices = await api().syncDevices()
      return this.devices
    },
    async removeDevice(id: string) {
      this.devices = await api().syncRemoveDevice(id)
      return this.devices
    },
    listen() {
      if (this.stop) return
      const offs: (() => void)[] = []
      try {
        offs.push(api().on('sync:status', (s) => { this.status = s as SyncStatus; this.step = '' }))
        offs.push(api().on('sync:progress', (p) => { this.step = (p as { step?: string })?.step ?? 'changes' }))
      } catch {
        /* no Wails runtime (a unit test without a double) */
      }
      // Locked, unlocked elsewhere, or local edits: pending changes move.
      offs.push(follow(['workspace:locked', 'dossier:saved'], [ANY], () => { this.load().catch(() => {}) }))
      this.stop = () => offs.forEach((f) => f())
    },
  },
})
