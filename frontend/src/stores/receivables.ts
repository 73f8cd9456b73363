import { defineStore } from 'pinia'
import { api } from '../api'
import { receivablesApi } from '../api/receivables'
import type { Action, Alert, Customer, InsurancePolicy, Rules } from '../api/receivables'
import { concerns, follow } from './events'

type Fresh = (alerts: Alert[]) => void
const freshHooks = new Set<Fresh>()

// Receivables: the open customer's ledger and figures (Go's), the alert
// board, its rules and the firm's insurance policies. Go's watcher emits
// ar:alerts with the alerts it has not announced yet.
export const useReceivables = defineStore('receivables', {
  state: () => ({
    dossierId: '',
    customer: null as Customer | null,
    alerts: null as Alert[] | null,
    rules: null as Rules | null,
    policies: [] as InsurancePolicy[],
    stop: null as (() => void) | null,
  }),
  actions: {
    async openCustomer(id: string) {
      if (id !== this.dossierId) this.customer = null
      this.dossierId = id
      const c = await receivablesApi().customer(id)
      if (id === this.dossierId) this.customer = c
      return c
    },
    refreshCustomer() {
      return this.dossierId ? this.openCustomer(this.dossierId) : Promise.resolve(null)
    },
    async loadAlerts() {
      this.alerts = await receivablesApi().alerts()
      return this.alerts
    },
    async act(id: string, action: Action, note: string) {
      await receivablesApi().act(id, action, note)
      await Promise.all([this.alerts ? this.loadAlerts() : null, this.customer ? this.refreshCustomer() : null])
    },
    async loadRules() {
      const [r, p] = await Promise.all([receivablesApi().rules(), receivablesApi().policies()])
      this.rules = r
      this.policies = p
    },
    async saveRules(r: Rules) {
      await receivablesApi().saveRules(r)
      this.rules = { ...r }
      await this.loadAlerts()
    },
    async loadPolicies() {
      this.policies = await receivablesApi().policies()
      return this.policies
    },
    async savePolicy(p: InsurancePolicy) {
      const saved = await receivablesApi().savePolicy(p)
      await this.loadPolicies()
      return saved
    },
    // onFresh hears the alerts Go announces (ar:alerts), for a notice.
    onFresh(fn: Fresh) {
      freshHooks.add(fn)
      return () => freshHooks.delete(fn)
    },
    // listen reloads the board and the open customer on Go's ar:alerts,
    // a dossier's save and receivables changed elsewhere.
    listen() {
      if (this.stop) return
      let off = () => {}
      try {
        off = api().on('ar:alerts', (data) => {
          for (const f of freshHooks) f((data ?? []) as Alert[])
        })
      } catch {
        /* no runtime */
      }
      const stopFollow = follow(['ar:alerts', 'dossier:saved'], ['receivables', 'invoice', 'payment', 'alert', 'dossier'], (h) => {
        const quiet = () => {}
        if (this.alerts) this.loadAlerts().catch(quiet)
        if (this.dossierId && this.customer && concerns(h, this.dossierId)) this.refreshCustomer().catch(quiet)
      })
      this.stop = () => {
        off()
        stopFollow()
      }
    },
  },
})
