import { defineStore } from 'pinia'
import { api } from '../api'
import type {
  CreditEnums, CreditOverview, CreditVocabulary, Difference, Policy, PolicyView, Proposal, Review, Right, RoleChange, Terms, User,
} from '../api/types'
import { concerns, follow } from './events'

// termsLabel names payment terms with Go's names (credit.TermNames): the
// number goes into {days}/{pct}; before it is known, the bare name.
export function termsLabel(terms: Terms, vocabulary: CreditVocabulary | null, lang: string): string {
  const n = vocabulary?.terms[terms.code]
  if (!n) return terms.code.toUpperCase()
  const zh = lang.toLowerCase().startsWith('zh')
  const tpl = zh ? n.zh : n.en
  const missing = (tpl.includes('{days}') && !terms.days) || (tpl.includes('{pct}') && !terms.deposit_pct)
  if (missing) return zh ? n.bare.zh : n.bare.en
  return tpl.replace('{days}', String(terms.days ?? '')).replace('{pct}', String(terms.deposit_pct ?? ''))
}

// The credit area: the open dossier's assessments, proposals and what the
// person may decide (Go says, per proposal), the policy, the people, the
// reviews due, and the names Go gives terms and choices.
export const useCredit = defineStore('credit', {
  state: () => ({
    vocabulary: null as CreditVocabulary | null,
    enums: null as CreditEnums | null,
    dossierId: '',
    overview: null as CreditOverview | null,
    rights: {} as Record<string, Right>,
    policy: null as PolicyView | null,
    users: [] as User[],
    roleChanges: [] as RoleChange[],
    reviews: null as Review[] | null,
    reviewDays: 30,
    stop: null as (() => void) | null,
  }),
  actions: {
    // loadNames fetches Go's term names and credit choices, once.
    async loadNames() {
      if (!this.vocabulary) this.vocabulary = await api().creditVocabulary()
      if (!this.enums) this.enums = await api().creditEnums()
    },
    termsText(terms: Terms, lang: string) {
      return termsLabel(terms, this.vocabulary, lang)
    },
    // open makes id the dossier whose credit is shown, and loads it.
    async open(id: string) {
      this.dossierId = id
      this.overview = null
      this.rights = {}
      await Promise.all([this.refresh(), this.loadNames()])
    },
    async refresh() {
      const id = this.dossierId
      if (!id) return
      const [o, r] = await Promise.all([api().creditOverview(id), api().rights(id)])
      if (id === this.dossierId) {
        this.overview = o
        this.rights = r
      }
    },
    right(p: Proposal): Right {
      return this.rights[p.id] ?? { approve: false, reject: false }
    },
    async assess() {
      await api().assess(this.dossierId)
      await this.refresh()
    },
    async propose(snapshotId: string, limit: number, currency: string, terms: Terms, comment: string) {
      await api().propose(this.dossierId, snapshotId, limit, currency, terms, comment)
      await this.refresh()
    },
    async decide(p: Proposal, approve: boolean, comment: string) {
      await api().decideProposal(p.id, approve, comment)
      await this.refresh()
    },
    async recordLegalCheck(kind: string, source: string) {
      await api().recordLegalCheck(this.dossierId, kind, source, '')
      await this.refresh()
    },
    compare(older: string, newer: string): Promise<Difference[]> {
      return api().compare(this.dossierId, older, newer)
    },
    async loadPolicy() {
      await this.loadNames()
      this.policy = await api().policy()
      return this.policy
    },
    async savePolicy(p: Policy) {
      const saved = await api().savePolicy(p)
      await this.loadPolicy()
      return saved
    },
    defaultPolicy() {
      return api().defaultPolicy()
    },
    async loadUsers() {
      const [u, r] = await Promise.all([api().users(), api().roleChanges()])
      this.users = u
      this.roleChanges = r
    },
    async setRole(userId: string, role: string) {
      await api().setRole(userId, role)
      await this.loadUsers()
    },
    async loadReviews(days?: number) {
      if (days !== undefined) this.reviewDays = days
      days = this.reviewDays
      this.reviews = await api().reviewsDue(days)
    },
    // listen refreshes what is loaded when Go says it changed: the open
    // dossier's credit on its own save, a new sanctions hit (a hold) or a
    // changed credit record; policy, people and reviews on theirs.
    listen() {
      if (this.stop) return
      const kinds = ['dossier', 'assessment', 'proposal', 'approval', 'legal_check', 'policy', 'user', 'screening', 'visit', 'receivables']
      this.stop = follow(['dossier:saved', 'screening:new-hits', 'screening:done', 'ar:alerts'], kinds, (h) => {
        const quiet = () => {}
        if (this.dossierId && concerns(h, this.dossierId)) this.refresh().catch(quiet)
        if (this.policy) this.loadPolicy().catch(quiet)
        if (this.users.length) this.loadUsers().catch(quiet)
        if (this.reviews) this.loadReviews().catch(quiet)
      })
    },
  },
})
