import { defineStore } from 'pinia'
import { api } from '../api'
import type { AuditFilter, AuditProblem, AuditRow } from '../api/types'
import { emptyQuery } from './dossiers'

// ACTIONS are the audit package's actions, in the order people read them.
export const ACTIONS = ['view', 'export_pdf', 'export_json', 'export_xlsx', 'print', 'backup', 'restore', 'role_change',
  'screening_decision', 'approval', 'rejection', 'deletion', 'erasure', 'subject_export', 'retention']

export const emptyFilter = (): AuditFilter => ({ user: '', subject: '', actions: [], from: '', to: '' })

// The audit trail: who viewed, exported, decided or erased what. Go
// filters, names people and customers and writes the sentences; the
// trail is checked (Verify) on demand.
export const useAudit = defineStore('audit', {
  state: () => ({
    filter: emptyFilter(),
    rows: [] as AuditRow[],
    problems: null as AuditProblem[] | null, // null until checked
    loading: false,
    customers: [] as { id: string; name: string }[], // the customer filter's choices
  }),
  actions: {
    async load() {
      this.loading = true
      try {
        this.rows = await api().auditList({ ...this.filter, actions: [...this.filter.actions] })
      } finally {
        this.loading = false
      }
      return this.rows
    },
    // searchCustomers finds customers by name for the filter (which holds
    // the id, as the trail does).
    async searchCustomers(text: string) {
      const r = await api().list({ ...emptyQuery(), text, limit: 20 })
      this.customers = r.rows.map((x) => ({ id: x.id, name: x.name || x.latin_name }))
      return this.customers
    },
    async reset() {
      this.filter = emptyFilter()
      return this.load()
    },
    async verify() {
      this.problems = await api().auditVerify()
      return this.problems
    },
    // exportXlsx writes what the filter shows; '' when cancelled.
    exportXlsx() {
      return api().auditExport({ ...this.filter, actions: [...this.filter.actions] })
    },
  },
})
