// An in-memory double of the Go services, for unit tests of stores and
// components. It keeps the contract the frontend relies on (errors as
// UIError JSON, search over names), not the backend's full behaviour.
import type { Api } from './index'
import type { AuditProblem, AuditRow, ConflictRow, CreditVocabulary, Dossier, Query, Row, State, Status, User } from './types'

// The names Go's credit.TermNames gives, for tests that render terms.
export const vocabulary: CreditVocabulary = {
  terms: {
    oa: { en: 'O/A {days} days', zh: '赊销（O/A）{days}天', bare: { en: 'O/A', zh: '赊销（O/A）' } },
    tt_advance: { en: 'T/T in advance', zh: '前T/T（款到发货）', bare: { en: 'T/T in advance', zh: '前T/T（款到发货）' } },
    deposit_bl: { en: '{pct}% deposit, balance against B/L copy', zh: '{pct}%定金，余款凭提单副本支付', bare: { en: 'Deposit, balance against B/L copy', zh: '定金，余款凭提单副本支付' } },
  },
  min_category: 1,
  max_category: 7,
  min_override: 0,
  max_override: 7,
  roles: ['sales', 'credit_manager', 'admin'],
}
import { emptyDossier } from '../stores/dossiers'

// A person of the double: their record and passphrase.
export interface MemoryPerson { id: string; name: string; role: User['role']; pass: string; removed?: string }

export type MemoryApi = Api & {
  dossiers: Map<string, Dossier>
  emit: (event: string, ...data: unknown[]) => void
  persons: MemoryPerson[]
  conflictRows: ConflictRow[]
  auditRows: AuditRow[]
  auditProblems: AuditProblem[]
  me: () => string
}

export function memoryApi(): MemoryApi {
  const dossiers = new Map<string, Dossier>()
  // People unlock with their own passphrase; the first is the creator.
  const people: MemoryPerson[] = []
  let me = ''
  const conflictRows: ConflictRow[] = []
  const auditRows: AuditRow[] = []
  const auditProblems: AuditProblem[] = []
  const isAdmin = () => people.some((p) => p.id === me && p.role === 'admin' && !p.removed)
  const user = (p: MemoryPerson): User => ({ id: p.id, name: p.name, role: p.role, created_at: '', removed: p.removed })
  const listeners: Record<string, ((...data: unknown[]) => void)[]> = {}
  let status: Status = { exists: false, unlocked: false, dir: '/tmp/mem', language: 'zh-CN', firm: '', user: '', idle_lock: 10, device: 'dev1' }
  let passphrase = ''
  let n = 0
  const reject = (code: string, key: string) => Promise.reject(new Error(JSON.stringify({ code, key, message: key })))
  const row = (d: Dossier): Row => ({
    id: d.id, name: d.legal_name.value || d.latin_name.value, latin_name: d.latin_name.value, country: d.country.value,
    status: d.status ?? 'lead', segment: d.segment ?? 'b2b', business_type: d.business_type ?? '', owner: d.owner ?? '',
    tags: d.tags ?? [], key_account: !!d.key_account, archived: !!d.archived, facts: 0, verified: 0, contradicted: 0, updated_at: d.updated_at ?? '',
    standing: { screening: 'unscreened', grade: '', assessed: false, limit: 0, currency: '', terms: { code: '' }, next_review: '', alerts: 0, invoices: 0, exposure: 0, overdue: 0, ar_currency: '' },
  })
  const api = {
    dossiers,
    status: async () => status,
    create: async (r) => {
      if (r.passphrase !== r.confirm) return reject('invalid', 'err.passphraseMismatch')
      passphrase = r.passphrase
      people.splice(0, people.length, { id: 'u1', name: r.user_name, role: 'admin', pass: r.passphrase })
      me = 'u1'
      status = { ...status, exists: true, unlocked: true, firm: r.firm_name, user: r.user_name, language: r.language }
      return status
    },
    unlock: async (p) => {
      const who = people.find((x) => x.pass === p && !x.removed)
      if (p !== passphrase && !who) return reject('unauthorized', 'err.wrongPassphrase')
      if (who) me = who.id
      status = { ...status, unlocked: true, user: who?.name ?? status.user }
      return status
    },
    unlockers: async () => people.filter((p) => p.pass && !p.removed).map((p) => ({ id: p.id, name: p.name })),
    unlockAs: async (who, p) => {
      const x = people.find((y) => y.id === who && !y.removed)
      if (!x || x.pass !== p) return reject('unauthorized', 'err.wrongPassphrase')
      me = x.id
      status = { ...status, unlocked: true, user: x.name }
      return status
    },
    lock: async () => { status = { ...status, unlocked: false } },
    setLanguage: async (l) => { status = { ...status, language: l } },
    settings: async () => ({ firm_name: status.firm, user_name: status.user, language: status.language, idle_lock_minutes: status.idle_lock }),
    saveSettings: async (s) => s,
    changePassphrase: async () => {},
    chooseBackupTarget: async () => '',
    chooseBackupFile: async () => '',
    backup: async () => {},
    restore: async () => status,
    cancelJob: async () => {},
    rekey: async () => status,
    backupDamaged: async () => {},
    list: async (q: Query) => {
      const text = q.text.toLowerCase()
      const rows = [...dossiers.values()]
        .filter((d) => !!d.archived === q.archived)
        .filter((d) => !text || [d.legal_name.value, d.latin_name.value, ...(d.aliases ?? [])].some((v) => v.toLowerCase().includes(text)))
        .map(row)
      return { total: rows.length, rows: rows.slice(q.offset, q.offset + q.limit) }
    },
    facets: async () => ({ countries: [], owners: [], tags: [] }),
    enums: async () => ({ source_kinds: ['customer'], segments: ['b2b', 'b2c'], business_types: [], statuses: ['lead'], contact_roles: [], id_types: ['vat'], attach_kinds: ['other'] }),
    get: async (id) => (dossiers.has(id) ? structuredClone(dossiers.get(id)!) : reject('not_found', 'err.dossierNotFound')),
    createDossier: async (d) => {
      const x = { ...structuredClone(d), id: `d${++n}`, updated_at: new Date().toISOString() }
      dossiers.set(x.id, x)
      return x
    },
    saveDossier: async (d) => {
      const old = dossiers.get(d.id)
      if (!old) return reject('not_found', 'err.dossierNotFound')
      if (old.updated_at !== d.updated_at) return reject('conflict', 'err.staleDossier')
      const x = { ...structuredClone(d), updated_at: new Date(Date.now() + 1).toISOString() }
      dossiers.set(x.id, x)
      return x
    },
    setArchived: async (id, a) => {
      const d = dossiers.get(id)!
      d.archived = a
      return d
    },
    history: async () => [],
    attachFromDialog: async () => null,
    attachData: async () => reject('invalid', 'err.fileEmpty'),
    preview: async () => reject('not_found', 'err.attachmentNotFound'),
    saveAttachmentAs: async () => '',
    removeAttachment: async () => {},
    // Counts states as set: a fixture, not the rule (Go's Verification).
    verification: async (d: Dossier) => {
      const facts = [d.legal_name, d.latin_name, d.country, d.website, ...(d.emails ?? []), ...(d.phones ?? [])].filter((f) => f?.value)
      const states: Record<string, State> = {}
      for (const k of ['legal_name', 'latin_name', 'country', 'website'] as const) if (d[k]?.value) states[k] = d[k].state ?? 'unverified'
      ;(d.emails ?? []).forEach((f, i) => { if (f.value) states[`emails/${i}`] = f.state ?? 'unverified' })
      ;(d.phones ?? []).forEach((f, i) => { if (f.value) states[`phones/${i}`] = f.state ?? 'unverified' })
      const count = (s: State) => Object.values(states).filter((x) => x === s).length
      return { summary: { facts: facts.length, verified: count('verified'), contradicted: count('contradicted'), sourced: 0 }, states }
    },
    creditEnums: async () => ({ legal_kinds: ['litigation'], legal_statuses: ['open'], legal_roles: ['defendant'], payment_habits: ['prompt'], requested_terms: ['oa_30'] }),
    lists: async () => [],
    importLists: async () => null,
    rescreen: async () => {},
    cancelRescreen: async () => {},
    threshold: async () => 0.85,
    setThreshold: async () => {},
    flags: async () => ({ flags: [], result: null, lists: [] }),
    screenNow: async (id) => ({ dossier_id: id, screened_at: new Date().toISOString(), lists: [], hits: [] }),
    decide: async () => reject('invalid', 'err.reasonRequired'),
    quick: async () => ({ flags: [], hits: [], lists: 0, duplicates: [] }),
    duplicates: async () => [],
    importPathAllowShrink: async () => null,
    importPath: async () => null,
    rollbackList: async () => null,
    setListPublished: async (id: string, d: string) => ({ id, source: '', published: d, imported_at: d, imported_by: '', entries: 0, file: '' }),
    checkWorkspace: async () => ({ dossiers: dossiers.size, history: 0, attachments: 0, records: 0, problems: [] }),
    hitEntry: async (k: string) => ({ key: k, list: '', entry_id: '', name: '', aliases: [], kind: '', programs: [], countries: [], birth_dates: [], addresses: [], remarks: '' }),
    merge: async (target) => dossiers.get(target)!,
    quickSave: async (q): Promise<Dossier> => {
      const x = { ...emptyDossier(), legal_name: { value: q.name }, id: `d${++n}`, updated_at: new Date().toISOString() }
      dossiers.set(x.id, x)
      return x
    },
    alerts: async () => [],
    ackAlert: async () => {},
    creditOverview: async () => ({ snapshots: [], proposals: [], state: null, me: { id: 'u1', name: status.user, role: 'admin' as const, public_key: '', created_at: '' }, pending: 0, fresh: null, single_approver: false, legal_checks: [] }),
    assess: async () => reject('not_found', 'err.dossierNotFound'),
    compare: async () => [],
    propose: async () => reject('invalid', 'err.notAllowed'),
    decideProposal: async () => reject('unauthorized', 'err.notAllowed'),
    reviewsDue: async () => [],
    policy: async () => reject('locked', 'err.locked'),
    savePolicy: async () => reject('unauthorized', 'err.notAllowed'),
    defaultPolicy: async () => reject('locked', 'err.locked'),
    users: async () => [],
    setRole: async () => {},
    roleChanges: async () => [],
    recordLegalCheck: async () => reject('unauthorized', 'err.notAllowed'),
    creditVocabulary: async () => vocabulary,
    rights: async () => ({}),
    templates: async () => [],
    copyTemplate: async () => reject('not_found', 'err.notFound'),
    saveTemplate: async () => reject('not_found', 'err.notFound'),
    exportTemplate: async () => '',
    importTemplate: async () => null,
    startVisit: async () => reject('not_found', 'err.notFound'),
    visits: async () => [],
    visitsInProgress: async () => [],
    restoreReplacing: async () => ({ status, kept_at: '' }),
    backupInfo: async () => ({ last: '0001-01-01T00:00:00Z', due: true }),
    visit: async () => reject('not_found', 'err.notFound'),
    answer: async () => reject('not_found', 'err.notFound'),
    addVisitPhoto: async () => reject('not_found', 'err.notFound'),
    sign: async () => reject('not_found', 'err.notFound'),
    correct: async () => reject('not_found', 'err.notFound'),
    exportCredit: async () => null,
    exportPortfolio: async () => null,
    exportVisit: async () => null,
    cancelReport: async () => {},
    people: async () => ({
      admin: isAdmin(),
      people: people.map((p) => ({ id: p.id, name: p.name, role: p.role, devices: p.pass ? 1 : 0, can_unlock: !!p.pass && !p.removed, removed: p.removed, me: p.id === me })),
    }),
    addPerson: async (name, role, pass, confirm) => {
      if (pass !== confirm) return reject('invalid', 'err.passphraseMismatch')
      if (pass.length < 8) return reject('invalid', 'err.passphraseShort')
      if (!isAdmin()) return reject('unauthorized', 'err.notAllowed')
      if (people.some((p) => p.name.toLowerCase() === name.trim().toLowerCase())) return reject('conflict', 'err.userExists')
      const p: MemoryPerson = { id: `u${people.length + 1}`, name: name.trim(), role: role as User['role'], pass }
      people.push(p)
      return user(p)
    },
    resetPassphrase: async (id, pass, confirm) => {
      if (pass !== confirm) return reject('invalid', 'err.passphraseMismatch')
      if (!isAdmin()) return reject('unauthorized', 'err.notAllowed')
      const p = people.find((x) => x.id === id)
      if (!p) return reject('not_found', 'err.userNotFound')
      p.pass = pass
    },
    removePerson: async (id) => {
      if (!isAdmin()) return reject('unauthorized', 'err.notAllowed')
      const p = people.find((x) => x.id === id)
      if (!p) return reject('not_found', 'err.userNotFound')
      if (p.role === 'admin' && people.filter((x) => x.role === 'admin' && !x.removed).length <= 1) return reject('conflict', 'err.lastAdmin')
      p.removed = new Date().toISOString()
    },
    setPersonRole: async (id, role) => {
      if (!isAdmin()) return reject('unauthorized', 'err.notAllowed')
      const p = people.find((x) => x.id === id)
      if (!p) return reject('not_found', 'err.userNotFound')
      if (p.role === 'admin' && role !== 'admin' && people.filter((x) => x.role === 'admin' && !x.removed).length <= 1) return reject('conflict', 'err.lastAdmin')
      p.role = role as User['role']
    },
    conflicts: async () => structuredClone(conflictRows),
    resolveConflict: async (id) => {
      const i = conflictRows.findIndex((c) => c.id === id)
      if (i < 0) return reject('not_found', 'err.conflictNotFound')
      conflictRows.splice(i, 1)
      api.emit('workspace:changed', {})
    },
    // Sync: a memory workspace never syncs.
    syncStatus: async () => ({ configured: false, server: '', fingerprint: '', device_name: '', role: '', pending: 0, pending_more: false, running: false, skew_seconds: 0, skew_warning: false }),
    syncNow: async () => reject('not_found', 'err.syncNotSetUp'),
    cancelSync: async () => {},
    syncAcknowledgeRefused: async () => reject('not_found', 'err.syncNotSetUp'),
    syncSetup: async () => reject('internal', 'err.syncUnreachable'),
    syncInvite: async () => reject('not_found', 'err.syncNotSetUp'),
    syncDevices: async () => reject('not_found', 'err.syncNotSetUp'),
    syncRemoveDevice: async () => reject('not_found', 'err.syncNotSetUp'),
    syncJoin: async () => reject('invalid', 'err.syncBadCode'),
    // Filters as Go's AuditService.List does, newest first.
    auditList: async (f) => auditRows
      .filter((r) => (!f.user || r.user === f.user) && (!f.subject || r.subject === f.subject))
      .filter((r) => !f.actions.length || f.actions.includes(r.action))
      .filter((r) => (!f.from || r.at.slice(0, 10) >= f.from) && (!f.to || r.at.slice(0, 10) <= f.to))
      .sort((a, b) => b.at.localeCompare(a.at)),
    auditVerify: async () => [...auditProblems],
    auditExport: async () => '/tmp/mem/audit.xlsx',
    about: async () => ({ version: 'dev', goVersion: 'go', platform: 'test', workspace: status.dir, default_workspace: status.dir, sample: false }),
    openSample: async (l) => {
      status = { ...status, exists: true, unlocked: true, firm: 'Sample', user: 'Sample', language: l }
      return status
    },
    leaveSample: async () => status,
    on: (event: string, fn: (...data: unknown[]) => void) => {
      ;(listeners[event] ??= []).push(fn)
      return () => { listeners[event] = (listeners[event] ?? []).filter((f) => f !== fn) }
    },
    // emit plays an event Go would send, for tests of the listeners.
    emit: (event: string, ...data: unknown[]) => { for (const f of listeners[event] ?? []) f(...data) },
    persons: people,
    conflictRows,
    auditRows,
    auditProblems,
    me: () => me,
  } satisfies MemoryApi
  return api
}
