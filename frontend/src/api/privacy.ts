// The Go PrivacyService (app/privacy.go): erasing a contact person or a
// whole customer, the tombstones they leave, the retention policy with its
// preview, and the subject-access export. Beside index.ts so components
// can be tested against a double (setPrivacyApi).

// Erasure is a tombstone: ids and field paths, never a value.
export interface Erasure {
  id: string
  what: 'dossier' | 'contact'
  dossier_id: string
  contact_id?: string
  fields?: string[] | null
  by: string
  by_name: string
  at: string
  hlc: string
  reason: string
  files?: number
  records?: number
}

export interface RetentionPolicy {
  years: number
}

export interface RetentionItem {
  dossier_id: string
  name: string
  archived_at: string
}

export interface SubjectExport {
  dir: string
  files: string[] | null
  places: number
  found: number
}

export interface PrivacyApi {
  eraseContact(dossierID: string, contactID: string, reason: string): Promise<Erasure>
  eraseDossier(dossierID: string, reason: string): Promise<Erasure>
  erasures(dossierID: string): Promise<Erasure[]>
  retention(): Promise<RetentionPolicy>
  setRetention(years: number): Promise<void>
  retentionPreview(): Promise<RetentionItem[]>
  runRetention(ids: string[]): Promise<Erasure[]>
  // subjectExport asks for a folder; dir is '' when cancelled.
  subjectExport(name: string): Promise<SubjectExport>
}

let impl: PrivacyApi | null = null

// setPrivacyApi swaps in a double (unit tests).
export function setPrivacyApi(a: PrivacyApi | null) {
  impl = a
}

export function privacyApi(): PrivacyApi {
  if (!impl) impl = wailsPrivacy()
  return impl
}

function wailsPrivacy(): PrivacyApi {
  const w = window as unknown as { go: { app: { PrivacyService: Record<string, (...a: unknown[]) => Promise<unknown>> } } }
  const pv = (m: string, ...a: unknown[]) => w.go.app.PrivacyService[m](...a) as Promise<never>
  return {
    eraseContact: (d, c, r) => pv('EraseContact', d, c, r),
    eraseDossier: (d, r) => pv('EraseDossier', d, r),
    erasures: (d) => pv('Erasures', d),
    retention: () => pv('Retention'),
    setRetention: (y) => pv('SetRetention', y),
    retentionPreview: () => pv('RetentionPreview'),
    runRetention: (ids) => pv('RunRetention', ids),
    subjectExport: (n) => pv('SubjectExport', n),
  }
}
