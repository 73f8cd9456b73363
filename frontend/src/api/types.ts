// Types of the Go services' JSON, written by hand so the rest of the
// frontend does not depend on the generated classes.

export type State = 'unverified' | 'verified' | 'contradicted'

export interface Source {
  kind: string
  date?: string
  value?: string
  note?: string
}

export interface Fact {
  id?: string
  type?: string
  value: string
  state?: State
  sources?: Source[]
}

export interface Contact {
  id?: string
  name: string
  title?: string
  role?: string
  email?: string
  phone?: string
}

export interface Attachment {
  id: string
  name: string
  mime: string
  size: number
  sha256: string
  kind?: string
  caption?: string
  added: string
}

export interface Dossier {
  id: string
  legal_name: Fact
  latin_name: Fact
  aliases?: string[]
  country: Fact
  registered_address: Fact
  registration_date: Fact
  registered_capital: Fact
  capital_currency?: string
  business_scope: Fact
  legal_representative: Fact
  website: Fact
  emails?: Fact[]
  phones?: Fact[]
  socials?: Fact[]
  identifiers?: Fact[]
  segment?: string
  business_type?: string
  status?: string
  key_account?: boolean
  owner?: string
  tags?: string[]
  notes?: string
  contacts?: Contact[]
  attachments?: Attachment[]
  archived?: boolean
  created_at?: string
  created_by?: string
  updated_at?: string
  updated_by?: string
  [key: string]: unknown // credit fields the identity form passes through unchanged
}

export interface Row {
  id: string
  name: string
  latin_name: string
  country: string
  status: string
  segment: string
  business_type: string
  owner: string
  tags: string[] | null
  key_account: boolean
  archived: boolean
  facts: number
  verified: number
  contradicted: number
  updated_at: string
}

export interface Query {
  text: string
  country: string
  status: string
  segment: string
  business_type: string
  owner: string
  tag: string
  key_account: boolean
  archived: boolean
  sort: string
  desc: boolean
  offset: number
  limit: number
}

export interface Result {
  total: number
  rows: Row[]
}

export interface Facets {
  countries: string[]
  owners: string[]
  tags: string[]
}

export interface Enums {
  source_kinds: string[]
  segments: string[]
  business_types: string[]
  statuses: string[]
  contact_roles: string[]
  id_types: string[]
  attach_kinds: string[]
}

export interface ChangeRecord {
  hlc: string
  device: string
  user: string
  dossier_id: string
  field: string
  old?: string
  new?: string
  at: string
}

export interface Status {
  exists: boolean
  unlocked: boolean
  dir: string
  language: string
  firm: string
  user: string
  idle_lock: number
  device: string
}

export interface Settings {
  firm_name: string
  user_name: string
  language: string
  idle_lock_minutes: number
}

export interface CreateRequest {
  firm_name: string
  user_name: string
  language: string
  passphrase: string
  confirm: string
}

export interface Preview {
  name: string
  mime: string
  data_url: string
}

export interface Progress {
  done: number
  total: number
}

// UIError is what a failed call rejects with (see app/errors.go).
export interface UIError {
  code: string
  key: string
  params?: Record<string, string>
  message: string
}

// --- screening and red flags (backend/screening, backend/redflags) ---

export interface ListVersion {
  id: string
  source: string
  published: string
  imported_at: string
  imported_by: string
  entries: number
  file: string
}

export interface Decision {
  verdict: 'true_match' | 'false_positive'
  by: string
  at: string
  reason: string
}

export interface Hit {
  key: string
  list: string
  entry_id: string
  name: string
  matched_name: string
  query_name: string
  score: number
  reasons: string[] | null
  programs?: string[] | null
  countries?: string[] | null
  kind?: string
  first_seen: string
  decisions?: Decision[] | null
}

export interface ScreenResult {
  dossier_id: string
  screened_at: string
  lists: string[] | null
  hits: Hit[] | null
}

export interface Flag {
  code: string
  severity: 'high' | 'medium' | 'low'
  field: string
  compared: string
  en: string
  zh: string
}

export interface Alert {
  id: string
  kind: string
  dossier_id: string
  name: string
  severity: string
  en: string
  zh: string
  created_at: string
  acked: boolean
  hit_key: string
}

export interface QuickInput {
  name: string
  country: string
  email: string
  phone: string
  website: string
}

export interface QuickHit {
  list: string
  entry_id: string
  name: string
  matched_name: string
  score: number
}

export interface QuickResult {
  flags: Flag[]
  hits: QuickHit[]
  lists: number // how many lists are loaded; 0 means screening could not run
}

export interface DossierFlags {
  flags: Flag[]
  result: ScreenResult | null
  lists: ListVersion[]
}
