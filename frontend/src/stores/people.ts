import { defineStore } from 'pinia'
import { api } from '../api'
import type { PeopleView } from '../api/types'
import { follow } from './events'

// Settings → People: who can unlock and with which role. Go decides who
// may manage people (view.admin) and refuses the rest with a sentence.
export const usePeople = defineStore('people', {
  state: () => ({
    view: null as PeopleView | null,
    stop: null as (() => void) | null,
  }),
  getters: {
    admin: (s) => !!s.view?.admin,
    people: (s) => s.view?.people ?? [],
  },
  actions: {
    async load() {
      this.view = await api().people()
      return this.view
    },
    async add(name: string, role: string, passphrase: string, confirm: string) {
      const p = await api().addPerson(name, role, passphrase, confirm)
      await this.load()
      return p
    },
    async resetPassphrase(id: string, passphrase: string, confirm: string) {
      await api().resetPassphrase(id, passphrase, confirm)
      await this.load()
    },
    async remove(id: string) {
      await api().removePerson(id)
      await this.load()
    },
    async setRole(id: string, role: string) {
      try {
        await api().setPersonRole(id, role)
      } finally {
        await this.load() // a refused change shows the role as it is
      }
    },
    listen() {
      if (this.stop) return
      this.stop = follow([], ['user'], () => {
        if (this.view) this.load().catch(() => {})
      })
    },
  },
})
