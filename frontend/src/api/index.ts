// The one module that talks to the Go side. Everything else imports `api`
// from here, so unit tests can swap in an in-memory double (setApi).
import type {
  Alert, Attachment, ChangeRecord, CreateRequest, Dossier, DossierFlags, Enums, Facets, ListVersion, Preview,
  Query, QuickInput, QuickResult, Duplicate, EntryDetails, Result, ScreenResult, Settings, Status, UIError,
  CreditOverview, Difference, LegalCheck, Proposal, Review, RoleChange, Snapshot, Terms, User,
  VAnswer, VTemplate, Visit, VisitView, ExportResult, Policy, PolicyView, BackupInfo, CheckReport, RestoreResult,
  VisitInProgress, FactCheck, CreditEnums, CreditVocabulary, Right,
  Unlocker, PeopleView, ConflictRow, AuditFilter, AuditRow, AuditProblem,
  SyncStatus, SyncResult, Invitation, DeviceRow, JoinRequest, JoinResult,
} from './types'

// About is what the About box shows (app/about.go).
export interface About {
  version: string
  goVersion: string
  platform: string
  workspace: string
  default_workspace: string
  sample: boolean
}

export interface Api {
  status(): Promise<Status>
  create(req: CreateRequest): Promise<Status>
  unlock(passphrase: string): Promise<Status>
  // unlockers are who can unlock (the header's names): more than one and
  // the unlock screen asks who first.
  unlockers(): Promise<Unlocker[]>
  unlockAs(who: string, passphrase: string): Promise<Status>
  lock(): Promise<void>
  setLanguage(lang: string): Promise<void>
  settings(): Promise<Settings>
  saveSettings(s: Settings): Promise<Settings>
  changePassphrase(old: string, next: string, confirm: string): Promise<void>
  chooseBackupTarget(): Promise<string>
  chooseBackupFile(): Promise<string>
  backup(path: string): Promise<void>
  restore(path: string, passphrase: string): Promise<Status>
  restoreReplacing(path: string, passphrase: string): Promise<RestoreResult>
  cancelJob(): Promise<void>
  rekey(old: string, next: string, confirm: string): Promise<Status>
  backupDamaged(path: string): Promise<void>

  list(q: Query): Promise<Result>
  facets(): Promise<Facets>
  enums(): Promise<Enums>
  get(id: string): Promise<Dossier>
  createDossier(d: Dossier): Promise<Dossier>
  saveDossier(d: Dossier): Promise<Dossier>
  setArchived(id: string, archived: boolean): Promise<Dossier>
  duplicates(d: Dossier): Promise<Duplicate[]>
  merge(targetId: string, sourceId: string): Promise<Dossier>
  history(id: string): Promise<ChangeRecord[]>
  attachFromDialog(id: string, kind: string): Promise<Attachment | null>
  attachData(id: string, name: string, kind: string, base64: string): Promise<Attachment>
  preview(id: string, attachmentId: string): Promise<Preview>
  saveAttachmentAs(id: string, attachmentId: string): Promise<string>
  removeAttachment(id: string, attachmentId: string): Promise<void>
  // verification is Go's count of a form's facts as typed, and each
  // fact's effective state (no copy of the rule here).
  verification(d: Dossier): Promise<FactCheck>
  creditEnums(): Promise<CreditEnums>

  lists(): Promise<ListVersion[]>
  importLists(folder: boolean): Promise<ListVersion | null>
  rescreen(): Promise<void>
  cancelRescreen(): Promise<void>
  threshold(): Promise<number>
  setThreshold(t: number): Promise<void>
  flags(id: string): Promise<DossierFlags>
  screenNow(id: string): Promise<ScreenResult>
  decide(id: string, key: string, verdict: string, reason: string): Promise<ScreenResult>
  quick(q: QuickInput): Promise<QuickResult>
  hitEntry(hitKey: string): Promise<EntryDetails>
  importPathAllowShrink(path: string): Promise<ListVersion | null>
  importPath(path: string): Promise<ListVersion | null>
  rollbackList(source: string, versionId: string): Promise<ListVersion | null>
  setListPublished(versionId: string, date: string): Promise<ListVersion>
  checkWorkspace(): Promise<CheckReport>
  quickSave(q: QuickInput): Promise<Dossier>
  alerts(all: boolean): Promise<Alert[]>
  ackAlert(id: string): Promise<void>

  creditOverview(id: string): Promise<CreditOverview>
  assess(id: string): Promise<Snapshot>
  compare(id: string, older: string, newer: string): Promise<Difference[]>
  propose(id: string, snapshotId: string, limit: number, currency: string, terms: Terms, comment: string): Promise<Proposal>
  decideProposal(proposalId: string, approve: boolean, comment: string): Promise<Proposal>
  reviewsDue(days: number): Promise<Review[]>
  policy(): Promise<PolicyView>
  savePolicy(p: Policy): Promise<Policy>
  defaultPolicy(): Promise<Policy>
  users(): Promise<User[]>
  setRole(userId: string, role: string): Promise<void>
  roleChanges(): Promise<RoleChange[]>
  recordLegalCheck(id: string, kind: string, source: string, date: string): Promise<LegalCheck>
  creditVocabulary(): Promise<CreditVocabulary>
  rights(dossierId: string): Promise<Record<string, Right>>

  templates(): Promise<VTemplate[]>
  copyTemplate(id: string, name: string): Promise<VTemplate>
  saveTemplate(t: VTemplate): Promise<VTemplate>
  exportTemplate(id: string): Promise<string>
  importTemplate(): Promise<VTemplate | null>
  startVisit(dossierId: string, templateId: string, date: string): Promise<VisitView>
  visits(dossierId: string): Promise<Visit[]>
  visitsInProgress(): Promise<VisitInProgress[]>
  backupInfo(): Promise<BackupInfo>
  visit(id: string): Promise<VisitView>
  answer(visitId: string, a: VAnswer): Promise<VisitView>
  addVisitPhoto(visitId: string, itemId: string, name: string, base64: string): Promise<VisitView>
  sign(visitId: string, role: string, name: string, pngBase64: string): Promise<VisitView>
  correct(visitId: string, a: VAnswer, reason: string): Promise<VisitView>

  exportCredit(id: string, lang: string, open: boolean): Promise<ExportResult | null>
  exportPortfolio(lang: string, open: boolean): Promise<ExportResult | null>
  exportVisit(id: string, lang: string, open: boolean): Promise<ExportResult | null>
  cancelReport(): Promise<void>

  people(): Promise<PeopleView>
  addPerson(name: string, role: string, passphrase: string, confirm: string): Promise<User>
  resetPassphrase(id: string, passphrase: string, confirm: string): Promise<void>
  removePerson(id: string): Promise<void>
  setPersonRole(id: string, role: string): Promise<void>

  conflicts(): Promise<ConflictRow[]>
  resolveConflict(id: string, pick: 'winner' | 'loser'): Promise<void>

  // Sync: the header's status, sync now (progress on sync:progress, the
  // new status on sync:status), the Devices page, joining from the first
  // screen (it creates the workspace, like create).
  syncStatus(): Promise<SyncStatus>
  syncNow(): Promise<SyncResult>
  cancelSync(): Promise<void>
  syncAcknowledgeRefused(): Promise<SyncStatus>
  syncSetup(url: string, deviceName: string): Promise<SyncStatus>
  syncInvite(role: string): Promise<Invitation>
  syncDevices(): Promise<DeviceRow[]>
  syncRemoveDevice(id: string): Promise<DeviceRow[]>
  syncJoin(req: JoinRequest): Promise<JoinResult>

  auditList(f: AuditFilter): Promise<AuditRow[]>
  auditVerify(): Promise<AuditProblem[]>
  // auditExport asks where and writes an XLSX: its path, '' if cancelled.
  auditExport(f: AuditFilter): Promise<string>

  about(): Promise<About>
  openSample(lang: string): Promise<Status>
  leaveSample(): Promise<Status>

  on(event: string, fn: (...data: unknown[]) => void): () => void
}

let current: Api | null = null

// api returns the bound implementation: the Wails bindings in the app.
export function api(): Api {
  if (!current) current = wailsApi()
  return current
}

// setApi replaces the implementation (tests).
export function setApi(a: Api) {
  current = a
}

function wailsApi(): Api {
  // window.go and window.runtime are injected by Wails (also through the
  // browser bridge of `wails dev`).
  const w = window as unknown as {
    go: { app: Record<'WorkspaceService' | 'DossierService' | 'ScreeningService' | 'CreditService' | 'VisitService' | 'ReportService' | 'AboutService' | 'PeopleService' | 'ConflictService' | 'AuditService' | 'SyncService', Record<string, (...a: unknown[]) => Promise<unknown>>> }
    runtime: { EventsOn(e: string, fn: (...d: unknown[]) => void): () => void }
  }
  const ws = (m: string, ...a: unknown[]) => w.go.app.WorkspaceService[m](...a) as Promise<never>
  const ds = (m: string, ...a: unknown[]) => w.go.app.DossierService[m](...a) as Promise<never>
  const sc = (m: string, ...a: unknown[]) => w.go.app.ScreeningService[m](...a) as Promise<never>
  const cr = (m: string, ...a: unknown[]) => w.go.app.CreditService[m](...a) as Promise<never>
  const vs = (m: string, ...a: unknown[]) => w.go.app.VisitService[m](...a) as Promise<never>
  const rp = (m: string, ...a: unknown[]) => w.go.app.ReportService[m](...a) as Promise<never>
  const pe = (m: string, ...a: unknown[]) => w.go.app.PeopleService[m](...a) as Promise<never>
  const cf = (m: string, ...a: unknown[]) => w.go.app.ConflictService[m](...a) as Promise<never>
  const au = (m: string, ...a: unknown[]) => w.go.app.AuditService[m](...a) as Promise<never>
  const sy = (m: string, ...a: unknown[]) => w.go.app.SyncService[m](...a) as Promise<never>
  return {
    status: () => ws('Status'),
    create: (r) => ws('Create', r),
    unlock: (p) => ws('Unlock', p),
    unlockers: () => ws('Unlockers'),
    unlockAs: (who, p) => ws('UnlockAs', who, p),
    lock: () => ws('Lock'),
    setLanguage: (l) => ws('SetLanguage', l),
    settings: () => ws('Settings'),
    saveSettings: (s) => ws('SaveSettings', s),
    changePassphrase: (o, n, c) => ws('ChangePassphrase', o, n, c),
    chooseBackupTarget: () => ws('ChooseBackupTarget'),
    chooseBackupFile: () => ws('ChooseBackupFile'),
    backup: (p) => ws('Backup', p),
    restore: (p, pass) => ws('Restore', p, pass),
    restoreReplacing: (p, pass) => ws('RestoreReplacing', p, pass),
    cancelJob: () => ws('CancelJob'),
    rekey: (o, n, c) => ws('Rekey', o, n, c),
    backupDamaged: (p) => ws('BackupDamaged', p),
    list: (q) => ds('List', q),
    facets: () => ds('Facets'),
    enums: () => ds('Enums'),
    get: (id) => ds('Get', id),
    createDossier: (d) => ds('Create', d),
    saveDossier: (d) => ds('Save', d),
    setArchived: (id, a) => ds('SetArchived', id, a),
    duplicates: (d) => ds('Duplicates', d),
    merge: (target, source) => ds('Merge', target, source),
    history: (id) => ds('History', id),
    attachFromDialog: (id, k) => ds('AttachFromDialog', id, k),
    attachData: (id, n, k, b) => ds('AttachData', id, n, k, b),
    preview: (id, a) => ds('AttachmentPreview', id, a),
    saveAttachmentAs: (id, a) => ds('SaveAttachmentAs', id, a),
    removeAttachment: (id, a) => ds('RemoveAttachment', id, a),
    verification: (d) => ds('Verification', d),
    creditEnums: () => ds('CreditEnums'),
    lists: () => sc('Lists'),
    importLists: (folder) => sc('ImportFromDialog', folder),
    rescreen: () => sc('Rescreen'),
    cancelRescreen: () => sc('CancelRescreen'),
    threshold: () => sc('Threshold'),
    setThreshold: (t) => sc('SetThreshold', t),
    flags: (id) => sc('Flags', id),
    screenNow: (id) => sc('ScreenNow', id),
    decide: (id, k, v, r) => sc('Decide', id, k, v, r),
    quick: (q) => sc('Quick', q),
    hitEntry: (k) => sc('HitEntry', k),
    importPathAllowShrink: (p) => sc('ImportPathAllowShrink', p),
    importPath: (p) => sc('ImportPath', p),
    rollbackList: (src, v) => sc('RollbackList', src, v),
    setListPublished: (id, d) => sc('SetListPublished', id, d),
    checkWorkspace: () => ws('CheckWorkspace'),
    quickSave: (q) => sc('QuickSave', q),
    alerts: (all) => sc('Alerts', all),
    ackAlert: (id) => sc('AckAlert', id),
    creditOverview: (id) => cr('Overview', id),
    assess: (id) => cr('Assess', id),
    compare: (id, a, b) => cr('Compare', id, a, b),
    propose: (id, s, l, c, t, m) => cr('Propose', id, s, l, c, t, m),
    decideProposal: (p, a, c) => cr('Decide', p, a, c),
    reviewsDue: (d) => cr('ReviewsDue', d),
    policy: () => cr('Policy'),
    savePolicy: (p) => cr('SavePolicy', p),
    defaultPolicy: () => cr('ResetPolicy'),
    users: () => cr('Users'),
    setRole: (u, r) => cr('SetRole', u, r),
    roleChanges: () => cr('RoleChanges'),
    recordLegalCheck: (id, k, s, d) => cr('RecordLegalCheck', id, k, s, d),
    creditVocabulary: () => cr('Vocabulary'),
    rights: (id) => cr('Rights', id),
    templates: () => vs('Templates'),
    copyTemplate: (id, n) => vs('CopyTemplate', id, n),
    saveTemplate: (t) => vs('SaveTemplate', t),
    exportTemplate: (id) => vs('ExportTemplate', id),
    importTemplate: () => vs('ImportTemplate'),
    startVisit: (d, t, date) => vs('Start', d, t, date),
    visits: (d) => vs('Visits', d),
    visitsInProgress: () => vs('InProgress'),
    backupInfo: () => ws('BackupInfo'),
    visit: (id) => vs('Visit', id),
    answer: (v, a) => vs('Answer', v, a),
    addVisitPhoto: (v, i, n, b) => vs('AddPhoto', v, i, n, b),
    sign: (v, r, n, p) => vs('Sign', v, r, n, p),
    correct: (v, a, r) => vs('Correct', v, a, r),
    exportCredit: (id, l, o) => rp('ExportCredit', id, l, o),
    exportPortfolio: (l, o) => rp('ExportPortfolio', l, o),
    exportVisit: (id, l, o) => rp('ExportVisit', id, l, o),
    cancelReport: () => rp('Cancel'),
    people: () => pe('List'),
    addPerson: (n, r, p, c) => pe('Add', n, r, p, c),
    resetPassphrase: (id, p, c) => pe('ResetPassphrase', id, p, c),
    removePerson: (id) => pe('Remove', id),
    setPersonRole: (id, r) => pe('SetRole', id, r),
    conflicts: () => cf('List'),
    resolveConflict: (id, pick) => cf('Resolve', id, pick),
    syncStatus: () => sy('Status'),
    syncNow: () => sy('SyncNow'),
    cancelSync: () => sy('CancelSync'),
    syncAcknowledgeRefused: () => sy('AcknowledgeRefused'),
    syncSetup: (u, n) => sy('Setup', u, n),
    syncInvite: (r) => sy('Invite', r),
    syncDevices: () => sy('Devices'),
    syncRemoveDevice: (id) => sy('RemoveDevice', id),
    syncJoin: (r) => sy('Join', r),
    auditList: (f) => au('List', f),
    auditVerify: () => au('Verify'),
    auditExport: (f) => au('Export', f),
    about: () => w.go.app.AboutService.About() as Promise<never>,
    openSample: (l) => w.go.app.AboutService.OpenSample(l) as Promise<never>,
    leaveSample: () => w.go.app.AboutService.LeaveSample() as Promise<never>,
    on: (e, fn) => w.runtime.EventsOn(e, fn),
  }
}

// asUIError reads a rejected call's reason: Wails rejects with the Go
// error's text, which app/errors.go makes the JSON of a UIError.
export function asUIError(e: unknown): UIError {
  const text = typeof e === 'string' ? e : e instanceof Error ? e.message : String(e)
  try {
    const u = JSON.parse(text) as UIError
    if (u && typeof u.code === 'string') return u
  } catch {
    /* not ours: a bridge or JavaScript error */
  }
  return { code: 'internal', key: '', message: text }
}
