import { defineStore } from 'pinia'
import { api } from '../api'
import type { Dossier, Enums, FactCheck, Facets, Query, Result } from '../api/types'
import { concerns, follow } from './events'

export function emptyQuery(): Query {
  return {
    text: '', country: '', status: '', segment: '', business_type: '', owner: '', tag: '',
    key_account: false, archived: false, sort: 'name', desc: false, offset: 0, limit: 50,
  }
}

export function emptyDossier(): Dossier {
  const f = () => ({ value: '', state: 'unverified' as const, sources: [] })
  return {
    id: '', legal_name: f(), latin_name: f(), aliases: [], country: f(), registered_address: f(),
    registration_date: f(), registered_capital: f(), capital_currency: '', business_scope: f(),
    legal_representative: f(), website: f(), emails: [], phones: [], socials: [], identifiers: [],
    segment: 'b2b', business_type: '', status: 'lead', key_account: false, owner: '', tags: [],
    notes: '', contacts: [], attachments: [],
    credit_reports: [], legal_records: [], banks: [], references: [], insurance_limits: [], soft: {}, expected: {},
  }
}

// normalizeDossier fills what Go omits (empty lists, missing facts) so
// forms can bind to every field.
export function normalizeDossier(d: Dossier): Dossier {
  const base = emptyDossier()
  const out = { ...base, ...d } as Dossier
  for (const k of ['legal_name', 'latin_name', 'country', 'registered_address', 'registration_date',
    'registered_capital', 'business_scope', 'legal_representative', 'website'] as const) {
    out[k] = { ...base[k], ...(d[k] ?? {}) }
    out[k].sources = out[k].sources ?? []
  }
  for (const k of ['emails', 'phones', 'socials', 'identifiers'] as const) {
    out[k] = (d[k] ?? []).map((x) => ({ ...x, sources: x.sources ?? [] }))
  }
  out.aliases = d.aliases ?? []
  out.tags = d.tags ?? []
  out.contacts = d.contacts ?? []
  out.attachments = d.attachments ?? []
  out.credit_reports = d.credit_reports ?? []
  out.legal_records = d.legal_records ?? []
  out.banks = d.banks ?? []
  out.references = d.references ?? []
  out.insurance_limits = d.insurance_limits ?? []
  out.soft = { ...((d.soft as object) ?? {}) }
  out.expected = { ...((d.expected as object) ?? {}) }
  return out
}

export const useDossiers = defineStore('dossiers', {
  state: () => ({
    query: emptyQuery(),
    result: { total: 0, rows: [] } as Result,
    facets: { countries: [], owners: [], tags: [] } as Facets,
    enums: null as Enums | null,
    loading: false,
    seq: 0,
    listening: false,
    // The open dossier as stored, kept current when it is saved elsewhere
    // (another window, an import, a sync); the form compares and merges.
    currentId: '',
    current: null as Dossier | null,
    // Go's verification of the form as typed (DossierService.Verification).
    check: null as FactCheck | null,
    checkSeq: 0,
  }),
  actions: {
    async search() {
      // Answers can arrive out of order while someone types: keep the last.
      const n = ++this.seq
      this.loading = true
      try {
        const r = await api().list({ ...this.query })
        if (n === this.seq) this.result = r
      } finally {
        if (n === this.seq) this.loading = false
      }
    },
    // listen keeps the list and the open dossier current when Go says a
    // customer changed (saved in another window, merged, imported,
    // re-screened, synced), instead of waiting for the person to navigate.
    // Called once; later calls do nothing.
    listen() {
      if (this.listening) return
      this.listening = true
      const kinds = ['dossier', 'screening', 'assessment', 'approval', 'receivables', 'visit']
      follow(['dossier:saved', 'screening:new-hits', 'screening:done', 'trade:imported', 'ar:alerts'], kinds, (h) => {
        this.search().catch(() => {})
        if (this.currentId && concerns(h, this.currentId)) this.refreshCurrent().catch(() => {})
      })
    },
    async open(id: string) {
      if (id !== this.currentId) this.check = null
      this.currentId = id
      this.current = id ? normalizeDossier(await api().get(id)) : null
      return this.current
    },
    // refreshCurrent reloads the open dossier; a copy that did not change
    // is left as it is, so nothing watching it stirs.
    async refreshCurrent() {
      const id = this.currentId
      if (!id) return
      const x = normalizeDossier(await api().get(id))
      if (id === this.currentId && x.updated_at !== this.current?.updated_at) this.current = x
    },
    // verify asks Go how verified the form is as typed; the last answer
    // wins when several are on their way.
    async verify(d: Dossier) {
      const n = ++this.checkSeq
      const c = await api().verification(d)
      if (n === this.checkSeq) this.check = c
    },
    async loadMeta() {
      const [facets, enums] = await Promise.all([api().facets(), this.enums ? Promise.resolve(this.enums) : api().enums()])
      this.facets = facets
      this.enums = enums
    },
    async get(id: string) {
      return normalizeDossier(await api().get(id))
    },
    async save(d: Dossier) {
      const saved = normalizeDossier(d.id ? await api().saveDossier(d) : await api().createDossier(d))
      if (saved.id === this.currentId || !d.id) {
        this.currentId = saved.id
        this.current = saved
      }
      return saved
    },
    setArchived(id: string, archived: boolean) {
      return api().setArchived(id, archived)
    },
    duplicates(d: Dossier) {
      return api().duplicates(d)
    },
    async merge(targetId: string, sourceId: string) {
      const x = normalizeDossier(await api().merge(targetId, sourceId))
      if (x.id === this.currentId) this.current = x
      return x
    },
    history(id: string) {
      return api().history(id)
    },
  },
})
