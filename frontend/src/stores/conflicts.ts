import { defineStore } from 'pinia'
import { api } from '../api'
import type { ConflictRow } from '../api/types'
import { ANY, follow } from './events'

// The concurrent edits that lost, for a person to resolve. The count is a
// badge in the navigation: any change Go reports may bring or close one.
export const useConflicts = defineStore('conflicts', {
  state: () => ({
    rows: [] as ConflictRow[],
    stop: null as (() => void) | null,
  }),
  getters: {
    count: (s) => s.rows.length,
  },
  actions: {
    async load() {
      this.rows = await api().conflicts()
      return this.rows
    },
    // resolve keeps what the record holds ('winner') or the value kept
    // aside ('loser'); Go then says workspace:changed, and the list reloads
    // here at once.
    async resolve(id: string, pick: 'winner' | 'loser') {
      await api().resolveConflict(id, pick)
      await this.load()
    },
    listen() {
      if (this.stop) return
      this.stop = follow(['workspace:locked'], [ANY], () => {
        this.load().catch(() => { this.rows = [] })
      })
    },
  },
})
