import { defineStore } from 'pinia'

// Where the main area is. A desktop app with a handful of screens does not
// need a router; this store is the history of one.
export type Screen = { name: 'list' } | { name: 'dossier'; id: string; tab?: string } | { name: 'new' } | { name: 'settings' } | { name: 'quick' } | { name: 'screening' } | { name: 'dashboard' } | { name: 'visit'; id: string } | { name: 'templates' } | { name: 'import' } | { name: 'alerts' } | { name: 'conflicts' } | { name: 'audit' } | { name: 'devices' }

export const useNav = defineStore('nav', {
  state: () => ({ screen: { name: 'list' } as Screen }),
  actions: {
    go(s: Screen) {
      this.screen = s
    },
  },
})
