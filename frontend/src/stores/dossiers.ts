import { defineStore } from 'pinia'
import { api } from '../api'
import type { Dossier, Enums, Facets, Query, Result } from '../api/types'

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
    // listen keeps the list current when Go says a customer changed (saved
    // in another window, merged, imported, re-screened), instead of waiting
    // for the person to navigate. Called once; later calls do nothing.
    listen() {
      if (this.listening) return
      this.listening = true
      let timer: ReturnType<typeof setTimeout> | undefined
      const refresh = () => {
        clearTimeout(timer)
        timer = setTimeout(() => { this.search().catch(() => {}) }, 150)
      }
      for (const ev of ['dossier:saved', 'screening:new-hits', 'screening:done']) api().on(ev, refresh)
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
      const saved = d.id ? await api().saveDossier(d) : await api().createDossier(d)
      return normalizeDossier(saved)
    },
  },
})
