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
  wechat?: string
  whatsapp?: string
  // why the firm may keep this person's data, and where it came from
  legal_basis?: '' | 'contract' | 'legitimate_interest' | 'consent' | 'public_source' | 'legal_obligation'
  source?: string
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
  // The inputs of the credit assessment beside identity (backend/dossier/credit.go).
  credit_reports?: CreditReport[]
  legal_records?: LegalRecord[]
  banks?: Bank[]
  references?: Reference[]
  insurance_limits?: InsuranceLimit[]
  soft?: SoftInfo
  expected?: Expected
}

export interface CreditReport {
  id: string; agency: string; date?: string; score?: number; scale_min?: number; scale_max?: number; scale_inverted?: boolean
  rating?: string; recommended_limit?: number; currency?: string; attachment_id?: string; note?: string
}
export interface LegalRecord {
  id: string; kind: string; court?: string; date?: string; amount?: number; currency?: string; status?: string; role?: string; source?: string; note?: string
}
export interface Bank { id: string; name: string; bic?: string; rating?: string; note?: string }
export interface Reference { id: string; who: string; payment?: string; since?: string; note?: string }
export interface InsuranceLimit { id: string; insurer: string; policy?: string; amount: number; currency?: string; expiry?: string }
export interface SoftInfo {
  names_specs?: boolean; names_quantity?: boolean; names_delivery?: boolean; names_payment?: boolean
  response_hours?: number; decision_roles?: string[]; tech_confirmation?: boolean; notes?: string
}
export interface Expected { annual_volume?: number; order_size?: number; currency?: string; requested_terms?: string }

// CreditEnums are the choices of the credit inputs, as dossier validation
// accepts them (DossierService.CreditEnums).
export interface CreditEnums { legal_kinds: string[]; legal_statuses: string[]; legal_roles: string[]; payment_habits: string[]; requested_terms: string[] }

// Verification counts a dossier's facts by state (dossier.Verification).
export interface Verification { facts: number; verified: number; contradicted: number; sourced: number }

// FactCheck is Go's verification of a form as typed: the summary and each
// fact's effective state by its place ("legal_name", "emails/0").
export interface FactCheck { summary: Verification; states: Record<string, State> }

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
  standing: Standing
}

// Standing is where a customer stands, as Go decided it (backend/standing).
export interface Standing {
  screening: 'unscreened' | 'clear' | 'pending' | 'match'
  grade: string
  assessed: boolean
  limit: number
  currency: string
  terms: Terms
  next_review: string
  alerts: number
  invoices: number // receivables on file; exposure and overdue in ar_currency
  exposure: number
  overdue: number
  ar_currency: string
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
  user: string // the person's name as they are called now
  user_id?: string // who, by stable id
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
  read_only?: boolean // opened read-only: the disk is full, or (read_only_damaged) a table is damaged
  read_only_damaged?: boolean
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
  published: string // Go's zero time ("0001-…") when unknown
  published_given?: boolean // typed by a person, not read from the file
  imported_at: string
  imported_by: string
  entries: number
  file: string
}

export interface Decision {
  verdict: 'true_match' | 'false_positive'
  by: string // their name when they decided
  by_id?: string // the person (names change)
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
  contact_name?: string
  contact_title?: string
}

// Duplicate is a customer on file that looks like the one being entered;
// reasons are identifier, email_domain, phone, name.
export interface Duplicate {
  row: Row
  reasons: string[]
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
  duplicates: Duplicate[]
}

export interface DossierFlags {
  flags: Flag[]
  result: ScreenResult | null
  lists: ListVersion[]
}

// --- credit assessment and decisions (backend/assess, backend/credit) ---

export interface Factor { code: string; points: number; en: string; zh: string }
export interface Dimension { key: string; score: number; missing: boolean; weight: number; factors: Factor[] | null }
export interface RedFlagA { code: string; severity: string; en: string; zh: string; source: string }
export interface Override { code: string; from_grade: string; to_grade: string; en: string; zh: string }
export interface Terms { code: string; days?: number; deposit_pct?: number; en?: string; zh?: string }
export interface LimitCandidate { kind: string; amount: number; en: string; zh: string }
export interface LimitDecision { amount: number; currency: string; bound_by: string; candidates: LimitCandidate[] | null; en: string; zh: string }
export interface CompletenessCap { below: number; grade: string }
export interface GradeBand { grade: string; min_score: number; terms: Terms; max_limit: number; review_months: number; key_account_review_months: number; decline?: boolean }
export interface Assessment {
  score: number
  grade: string
  completeness: number
  dimensions: Dimension[]
  weights: Record<string, number>
  profile: string
  red_flags: RedFlagA[] | null
  overrides: Override[] | null
  limit: LimitDecision
  terms: Terms
  policy_row: GradeBand
  next_review?: string
  status?: 'graded' | 'on_hold' | 'declined'
  gates?: Gate[] | null
}
export interface Gate { code: string; terms: Terms; max_limit?: number | null; applied: boolean; en: string; zh: string }
export interface Ceiling { terms: Terms; max_limit?: number | null }
export interface CountryCeiling extends Ceiling { from_category: number }
export interface Staleness { stale: boolean; changed_at?: string; en?: string; zh?: string }
export interface FXRate { currency: string; rate: number; date: string }
export interface RoleChange { user_id: string; name: string; from: string; to: string; by: string; by_id: string; at: string }
export interface Snapshot {
  id: string; dossier_id: string; at: string; by: string; by_id?: string; assessment: Assessment; policy_date: string
  inputs_hash?: string; dossier_updated_at?: string
}
export interface Difference { kind: string; key?: string; from?: string; to?: string; delta?: number; en: string; zh: string }
export interface Approval {
  proposal_id: string; dossier_id: string; approved: boolean; limit: number; currency: string; terms: Terms
  comment: string; by: string; user_id: string; device?: string; at: string; self_approved?: boolean; above_recommendation?: boolean
  signature: string // ed25519, base64, by the key the user registered for that device
}
export interface Proposal {
  id: string; dossier_id: string; snapshot_id: string; limit: number; currency: string; terms: Terms
  comment: string; by: string; by_id?: string; at: string; status: 'pending' | 'approved' | 'rejected'; decision?: Approval | null
}
// Right is what the person at this window may do with a proposal, as Go
// decides it (credit.MayDecide); why is an i18n key when not both.
export interface Right { approve: boolean; reject: boolean; why?: string }
// TermName is a payment term's name with {days}/{pct} placeholders, and
// its name before the number is known (credit.TermNames).
export interface TermName { en: string; zh: string; bare: { en: string; zh: string } }
export interface CreditVocabulary {
  terms: Record<string, TermName>
  min_category: number; max_category: number // a country ceiling starts from one of these
  min_override: number; max_override: number // a country may be overridden to one of these
  roles: User['role'][]
}
export interface CreditState {
  dossier_id: string; limit: number; currency: string; terms: Terms; approved_by: string; approved_by_id?: string; approved_at: string
  proposal_id: string; grade: string; next_review: string; valid: boolean; no_role?: boolean; self_approved?: boolean
}
// A person of the workspace; keys are the signing keys of their devices.
export interface DeviceKey { device: string; public_key: string; added: string }
export interface User {
  id: string; name: string; role: 'sales' | 'credit_manager' | 'admin'; public_key?: string; keys?: DeviceKey[] | null
  created_at: string; removed?: string // when an admin took their access away
}
export interface Review { dossier_id: string; name: string; grade: string; due: string; overdue: boolean; key_account: boolean; on_hold?: boolean }
export interface CreditOverview {
  snapshots: Snapshot[]
  proposals: Proposal[]
  state: CreditState | null
  me: User
  pending: number
  fresh: Staleness | null
  single_approver: boolean
  legal_checks: LegalCheck[] | null
}
export interface LegalCheck { dossier_id: string; kind: 'litigation' | 'bankruptcy'; date: string; source: string; by: string; by_id?: string; at: string }

// --- field visits (backend/visit) ---

export interface VText { zh: string; en: string }
export interface VChoice { value: string; label: VText; score: number }
export interface VItem {
  id: string; label: VText; help?: VText; type: 'pass_fail' | 'yes_no' | 'number' | 'text' | 'choice' | 'date' | 'photo' | 'signature'
  required?: boolean; weight?: number; choices?: VChoice[]; expected?: number | null; tolerance?: number
  min_photos?: number; note_on_bad?: boolean; photo_on_bad?: boolean; good_answer?: string
}
export interface VSection { id: string; title: VText; items: VItem[] }
export interface VTemplate { id: string; version: number; name: VText; kind: string; built_in: boolean; sections: VSection[]; updated_at: string; updated_by: string }
export interface VAnswer { item_id: string; value: string; note?: string; photos?: string[] | null; at?: string; by?: string }
export interface VPhotoInfo { item_id: string; name: string; taken_at: string; by: string }
export interface VSignature { role: string; name: string; attachment_id: string; at: string }
export interface VCorrection { item_id: string; old: VAnswer; new: VAnswer; reason: string; by: string; at: string }
export interface Visit {
  id: string; dossier_id: string; template_id: string; template_version: number; date: string; visitor: string
  answers: Record<string, VAnswer> | null; signatures: VSignature[] | null; status: 'in_progress' | 'signed'
  started_at?: string; signed_at?: string; corrections?: VCorrection[] | null
  photos?: Record<string, VPhotoInfo> // attachment id → when and for which item it was taken
}
export interface VisitInProgress extends Visit { name: string }
export interface VSectionScore { section_id: string; title: VText; score: number; scored: boolean; answered?: number; total?: number }
export interface VFinding { item_id: string; label: VText; value: string; note: string }
// VItemScore is one item's part in the score; bad is Go's word on whether
// the answer needs explaining (note_on_bad, photo_on_bad).
export interface VItemScore { item_id: string; score: number; weight: number; scored: boolean; bad: boolean }
export interface VScore { total: number; sections: VSectionScore[]; failed_required: VFinding[] | null; progress: number; items: VItemScore[] }
export interface VGap { item_id: string; label: VText; problem: string; need?: number; have?: number }
export interface VisitView { visit: Visit; template: VTemplate; score: VScore; missing: VGap[]; dossier_name: string }

export interface BackupInfo { last: string; due: boolean }
export interface RestoreResult { status: Status; kept_at: string }
export interface Problem { where: string; what: string }
export interface CheckReport {
  dossiers: number; history: number; attachments: number; records: number; problems: Problem[] | null
  repaired?: string[] | null // mended on opening from the copy inside the database (the device id file)
}

export interface ExportResult { path: string; number: string; pages: number; bytes: number }

export interface Policy {
  currency: string
  profiles: Record<string, Record<string, number>>
  region_emphasis: Record<string, Record<string, number>>
  bands: GradeBand[]
  expected_share: number
  flag_cap_grade: string
  segment_caps?: Record<string, string> | null
  completeness_caps: CompletenessCap[]
  home_country: string
  country_ceilings: CountryCeiling[] | null
  consumer: Ceiling | null
  no_evidence: Ceiling | null
  single_approver: boolean
  fx_rates: FXRate[] | null
  country_overrides?: Record<string, number> | null
  country_overrides_date?: string
}
export interface PolicyView {
  policy: Policy; built_in_date: string; built_in: Record<string, number>; high_income?: Record<string, boolean>
  dimensions: string[]; term_codes: string[]; grades: string[]; regions: string[]; can_edit: boolean
}

// EntryDetails is what a sanctions list says about a hit's entry.
export interface EntryDetails {
  key: string
  list: string
  entry_id: string
  name: string
  aliases: string[]
  kind: string
  programs: string[]
  countries: string[]
  birth_dates: string[]
  addresses: string[]
  remarks: string
}

// --- people, conflicts and the audit trail (app/people.go, app/conflicts.go, app/audit.go) ---

// Unlocker is someone who can unlock, as the workspace's header names them.
export interface Unlocker { id: string; name: string }
export interface PersonRow {
  id: string; name: string; role: 'sales' | 'credit_manager' | 'admin'
  devices: number // devices with a signing key
  can_unlock: boolean
  removed?: string
  me: boolean
}
export interface PeopleView { people: PersonRow[]; admin: boolean }

export interface ConflictSide {
  text: string // the value for people; '' when deleted
  deleted: boolean
  user: string
  at: string
  this_device: boolean
}
export interface ConflictRow {
  id: string; kind: string; dossier_id: string; customer: string
  label: string // i18n key of the field, '' when there is none
  field: string
  winner: ConflictSide // what the record holds now
  loser: ConflictSide // what was kept aside
  detected_at: string
}

export interface AuditFilter { user: string; subject: string; actions: string[]; from: string; to: string }
export interface AuditSentence { en: string; zh: string }
export interface AuditRow {
  device: string; seq: number; at: string; user: string; action: string
  subject?: string; detail?: string; prev: string; hash: string
  user_name: string; subject_name: string; device_name: string // device_name: in the interface's language, decided in Go
  this_device: boolean
  sentence: AuditSentence
}
export interface AuditProblem { device: string; seq: number; what: 'edited' | 'missing' | 'cut' | 'damaged' }

// Sync (app/sync.go): the header's status, the Devices page, joining.
export interface SyncStatus {
  configured: boolean
  server: string
  fingerprint: string // as the server prints it: AB:CD:…
  device_name: string
  role: string
  last_sync?: string
  pending: number // own changes not yet on the server
  pending_more: boolean // at least pending
  running: boolean
  error?: UIError // of the last sync
  skew_seconds: number // the server's clock minus this computer's
  skew_warning: boolean
  // devices whose changes to people or roles were refused here (their
  // signed role does not allow them), until acknowledged
  refused?: SyncRefusal[]
}
export interface SyncRefusal { device: string; count: number; last: string }
export interface SyncResult {
  pushed: number; applied: number; conflicts: number
  uploaded: number; downloaded: number // files sent and received
  status: SyncStatus
}
export interface Invitation { code: string; role: string; qr: string /* PNG data URL */ }
export interface DeviceRow {
  id: string; name: string; role: string; added: string
  removed?: string
  this_device: boolean
  granted: string // the role an admin device signed for it ('' not yet)
}
export interface JoinRequest {
  code: string; firm_name: string; user_name: string; language: string
  passphrase: string; confirm: string; device_name: string
}
export interface JoinResult { status: Status; waiting: boolean }
