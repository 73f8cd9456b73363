// The one module that talks to the Go side. Everything else imports `api`
// from here, so unit tests can swap in an in-memory double (setApi).
import type {
  Alert, Attachment, ChangeRecord, CreateRequest, Dossier, DossierFlags, Enums, Facets, ListVersion, Preview,
  Query, QuickInput, QuickResult, Result, ScreenResult, Settings, Status, UIError,
} from './types'

export interface Api {
  status(): Promise<Status>
  create(req: CreateRequest): Promise<Status>
  unlock(passphrase: string): Promise<Status>
  lock(): Promise<void>
  setLanguage(lang: string): Promise<void>
  settings(): Promise<Settings>
  saveSettings(s: Settings): Promise<Settings>
  changePassphrase(old: string, next: string, confirm: string): Promise<void>
  chooseBackupTarget(): Promise<string>
  chooseBackupFile(): Promise<string>
  backup(path: string): Promise<void>
  restore(path: string, passphrase: string): Promise<Status>
  cancelJob(): Promise<void>

  list(q: Query): Promise<Result>
  facets(): Promise<Facets>
  enums(): Promise<Enums>
  get(id: string): Promise<Dossier>
  createDossier(d: Dossier): Promise<Dossier>
  saveDossier(d: Dossier): Promise<Dossier>
  setArchived(id: string, archived: boolean): Promise<Dossier>
  history(id: string): Promise<ChangeRecord[]>
  attachFromDialog(id: string, kind: string): Promise<Attachment | null>
  attachData(id: string, name: string, kind: string, base64: string): Promise<Attachment>
  preview(id: string, attachmentId: string): Promise<Preview>
  saveAttachmentAs(id: string, attachmentId: string): Promise<string>
  removeAttachment(id: string, attachmentId: string): Promise<void>

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
  quickSave(q: QuickInput): Promise<Dossier>
  alerts(all: boolean): Promise<Alert[]>
  ackAlert(id: string): Promise<void>

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
    go: { app: Record<'WorkspaceService' | 'DossierService' | 'ScreeningService', Record<string, (...a: unknown[]) => Promise<unknown>>> }
    runtime: { EventsOn(e: string, fn: (...d: unknown[]) => void): () => void }
  }
  const ws = (m: string, ...a: unknown[]) => w.go.app.WorkspaceService[m](...a) as Promise<never>
  const ds = (m: string, ...a: unknown[]) => w.go.app.DossierService[m](...a) as Promise<never>
  const sc = (m: string, ...a: unknown[]) => w.go.app.ScreeningService[m](...a) as Promise<never>
  return {
    status: () => ws('Status'),
    create: (r) => ws('Create', r),
    unlock: (p) => ws('Unlock', p),
    lock: () => ws('Lock'),
    setLanguage: (l) => ws('SetLanguage', l),
    settings: () => ws('Settings'),
    saveSettings: (s) => ws('SaveSettings', s),
    changePassphrase: (o, n, c) => ws('ChangePassphrase', o, n, c),
    chooseBackupTarget: () => ws('ChooseBackupTarget'),
    chooseBackupFile: () => ws('ChooseBackupFile'),
    backup: (p) => ws('Backup', p),
    restore: (p, pass) => ws('Restore', p, pass),
    cancelJob: () => ws('CancelJob'),
    list: (q) => ds('List', q),
    facets: () => ds('Facets'),
    enums: () => ds('Enums'),
    get: (id) => ds('Get', id),
    createDossier: (d) => ds('Create', d),
    saveDossier: (d) => ds('Save', d),
    setArchived: (id, a) => ds('SetArchived', id, a),
    history: (id) => ds('History', id),
    attachFromDialog: (id, k) => ds('AttachFromDialog', id, k),
    attachData: (id, n, k, b) => ds('AttachData', id, n, k, b),
    preview: (id, a) => ds('AttachmentPreview', id, a),
    saveAttachmentAs: (id, a) => ds('SaveAttachmentAs', id, a),
    removeAttachment: (id, a) => ds('RemoveAttachment', id, a),
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
    quickSave: (q) => sc('QuickSave', q),
    alerts: (all) => sc('Alerts', all),
    ackAlert: (id) => sc('AckAlert', id),
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
