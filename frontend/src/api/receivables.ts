// The Go ReceivablesService (app/receivables.go): a customer's invoices,
// payments and figures, the collection log, insurance cover, the alert
// board with its actions, and the import of accounting exports. Kept
// beside index.ts (as imports.ts is) so the tab and the board can be
// tested against the in-memory double below (setReceivablesApi).
import type { Mapping, RowError, SavedMapping, SheetField } from './imports'

export interface Meta {
  id: string
  dossier_id?: string
  updated_at?: string
  updated_by?: string
  deleted?: boolean
  deleted_at?: string
  deleted_by?: string
  source?: string
}

export interface Invoice extends Meta {
  number: string
  reference?: string
  issue_date: string
  due_date: string
  amount: number
  currency: string
  terms?: string
  paid_amount?: number
  paid_date?: string
}

export interface Allocation { invoice: string; amount: number }

export interface Payment extends Meta {
  date: string
  amount: number
  currency: string
  reference?: string
  allocations?: Allocation[]
}

export interface CreditNote extends Meta { number: string; date: string; amount: number; currency: string; invoice?: string; reason?: string }
export interface Dispute extends Meta { invoice: string; opened: string; amount?: number; reason: string; resolved?: string }
export interface Order extends Meta { number: string; date: string; amount: number; currency: string; invoiced?: boolean }

export type EntryKind = 'call' | 'email' | 'promise' | 'dispute' | 'note' | 'reminder'

export interface Entry extends Meta {
  kind: EntryKind
  date: string
  note?: string
  by?: string
  promise_date?: string
  promise_amount?: number
  invoice?: string
  at?: string
}

export interface Item {
  number: string
  reference?: string
  issue_date: string
  due_date: string
  amount: number
  currency: string
  open: number
  open_base: number
  paid_date?: string
  days_overdue: number
  bucket: number // -1 settled, else index of the ageing bucket
  disputed?: boolean
}

export interface Figures {
  currency: string
  as_of: string
  invoices: number
  open: number
  on_account: number
  open_orders: number
  exposure: number
  overdue: number
  disputed: number
  ageing: number[] // not due, 1–30, 31–60, 61–90, over 90
  dbt3: number
  dbt6: number
  dbt12: number
  trend: number
  monthly: MonthDBT[]
  on_time_share: number
  matured: number
  max_days_overdue: number
  largest_overdue?: Item
  items: Item[]
  unconverted?: string[]
}

export interface MonthDBT { month: string; dbt: number; base: number }

export interface Alert {
  id: string
  dossier_id: string
  name: string
  rule: string
  severity: 'warning' | 'critical'
  subject?: string
  en: string
  zh: string
  handled?: boolean
  action?: string
  note?: string
  by?: string
  at?: string
}

export interface Cover { limit_id: string; insurer: string; policy: string; amount: number; valid_to?: string; report_days?: number; insured_share?: number }

export interface Ledger { invoices: Invoice[] | null; payments: Payment[] | null; credit_notes: CreditNote[] | null; disputes: Dispute[] | null; orders: Order[] | null }

export interface Customer {
  dossier_id: string
  figures: Figures
  ledger: Ledger
  limit: number
  covers: Cover[] | null
  insured: number
  entries: Entry[] | null
  alerts: Alert[] | null
  hold: Hold
  buyer_limits: BuyerLimit[] | null
}

export interface Hold extends Meta { on: boolean; note?: string; by?: string; at?: string }

// AlertState is how an alert was handled (receivables.AlertState).
export interface AlertState extends Meta { handled: boolean; action: string; note?: string; by: string; at: string }

export interface Unmatched { code?: string; name?: string; id?: string; rows: number; amount: number; lines: number[] }

export interface ImportResult {
  file: string
  encoding: string
  headers: string[] | null
  mapping: Mapping
  rows: number
  skipped: number
  added: number
  updated: number
  known: number
  credits: number
  dossiers: Record<string, number>
  unmatched: Unmatched[]
  errors: RowError[]
  written: boolean
  links?: Record<string, string> // customer code → dossier id
}

export interface ImportPage { fields: SheetField[]; result: ImportResult; problem?: string }

export type Action = 'remind' | 'hold' | 'lower_limit' | 'handled'

export interface Rules {
  overdue_days: number
  exposure_pct: number
  dbt_worsening: number
  expiry_days: number
  report_days: number
  review_overdue: boolean
  promise_grace: number
  sanctions: boolean
}

export interface InsurancePolicy extends Meta {
  insurer: string
  number: string
  valid_from: string
  valid_to: string
  max_credit_days?: number
  insured_share?: number
  report_days?: number
  conditions?: string
}

export interface BuyerLimit extends Meta { policy_id: string; amount: number; currency: string; valid_from?: string; valid_to?: string; conditions?: string }

export interface ReceivablesApi {
  customer(dossierId: string): Promise<Customer>
  alerts(): Promise<Alert[]>
  act(alertId: string, action: Action, note: string): Promise<void>
  saveInvoice(dossierId: string, inv: Invoice): Promise<Invoice>
  savePayment(dossierId: string, p: Payment): Promise<Payment>
  saveCreditNote(dossierId: string, c: CreditNote): Promise<CreditNote>
  saveDispute(dossierId: string, d: Dispute): Promise<Dispute>
  saveOrder(dossierId: string, o: Order): Promise<Order>
  addEntry(dossierId: string, e: Entry): Promise<Entry>
  remove(kind: string, key: string): Promise<void>
  pickFile(): Promise<string>
  mappings(): Promise<SavedMapping[]>
  importFile(path: string, mapping: Mapping | null, dossierId: string, dryRun: boolean, skipInvalid: boolean, saveAs: string): Promise<ImportPage>
  linkCode(code: string, dossierId: string): Promise<void>
  rules(): Promise<Rules>
  saveRules(r: Rules): Promise<void>
  policies(): Promise<InsurancePolicy[]>
  savePolicy(p: InsurancePolicy): Promise<InsurancePolicy>
  saveBuyerLimit(dossierId: string, l: BuyerLimit): Promise<BuyerLimit>
  on(event: string, fn: (...data: unknown[]) => void): () => void
}

let impl: ReceivablesApi | null = null

// setReceivablesApi swaps in a double (unit tests).
export function setReceivablesApi(a: ReceivablesApi | null) {
  impl = a
}

export function receivablesApi(): ReceivablesApi {
  if (!impl) impl = wailsReceivables()
  return impl
}

function wailsReceivables(): ReceivablesApi {
  const w = window as unknown as {
    go: { app: { ReceivablesService: Record<string, (...a: unknown[]) => Promise<unknown>> } }
    runtime: { EventsOn: (e: string, fn: (...d: unknown[]) => void) => () => void }
  }
  const ar = (m: string, ...a: unknown[]) => w.go.app.ReceivablesService[m](...a) as Promise<never>
  return {
    customer: (d) => ar('Customer', d),
    alerts: () => ar('Alerts'),
    act: (id, a, n) => ar('Act', id, a, n),
    saveInvoice: (d, i) => ar('SaveInvoice', d, i),
    savePayment: (d, p) => ar('SavePayment', d, p),
    saveCreditNote: (d, c) => ar('SaveCreditNote', d, c),
    saveDispute: (d, x) => ar('SaveDispute', d, x),
    saveOrder: (d, o) => ar('SaveOrder', d, o),
    addEntry: (d, e) => ar('AddEntry', d, e),
    remove: (k, key) => ar('Delete', k, key),
    pickFile: () => ar('PickFile'),
    mappings: () => ar('Mappings'),
    importFile: (p, m, d, dry, skip, save) => ar('Import', p, m, d, dry, skip, save),
    linkCode: (c, d) => ar('LinkCode', c, d),
    rules: () => ar('Rules'),
    saveRules: (r) => ar('SaveRules', r),
    policies: () => ar('Policies'),
    savePolicy: (p) => ar('SavePolicy', p),
    saveBuyerLimit: (d, l) => ar('SaveBuyerLimit', d, l),
    on: (e, fn) => w.runtime.EventsOn(e, fn),
  }
}

const emptyFigures = (): Figures => ({
  currency: 'USD', as_of: '', invoices: 0, open: 0, on_account: 0, open_orders: 0, exposure: 0, overdue: 0, disputed: 0,
  ageing: [0, 0, 0, 0, 0], dbt3: 0, dbt6: 0, dbt12: 0, trend: 0, monthly: [], on_time_share: 0, matured: 0, max_days_overdue: 0, items: [],
})

// memoryReceivables is an in-memory double: invoices and log lines kept
// per customer, figures as the Go side would give them for open invoices
// (ageing by days past due as of today), alerts set by the test.
export function memoryReceivables(): ReceivablesApi & { alertList: Alert[]; acted: { id: string; action: Action; note: string }[]; rulesValue: Rules; policyList: InsurancePolicy[]; importPage: ImportPage | null; linked: { code: string; dossierId: string }[] } {
  const invoices = new Map<string, Invoice[]>()
  const entries = new Map<string, Entry[]>()
  const self = {
    alertList: [] as Alert[],
    acted: [] as { id: string; action: Action; note: string }[],
    async customer(id: string): Promise<Customer> {
      const f = emptyFigures()
      const today = new Date().toISOString().slice(0, 10)
      for (const inv of invoices.get(id) ?? []) {
        f.invoices++
        const open = inv.amount - (inv.paid_amount ?? 0)
        const days = Math.max(0, Math.round((Date.parse(today) - Date.parse(inv.due_date)) / 864e5))
        const bucket = days <= 0 ? 0 : days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : 4
        f.items.push({ number: inv.number, issue_date: inv.issue_date, due_date: inv.due_date, amount: inv.amount, currency: inv.currency,
          open, open_base: open, days_overdue: days, bucket: open > 0 ? bucket : -1 })
        if (open > 0) {
          f.open += open
          f.ageing[bucket] += open
          if (days > 0) f.overdue += open
          f.max_days_overdue = Math.max(f.max_days_overdue, days)
        }
      }
      f.exposure = f.open
      return { dossier_id: id, figures: f, ledger: { invoices: invoices.get(id) ?? [], payments: [], credit_notes: [], disputes: [], orders: [] },
        limit: 0, covers: [], insured: 0, entries: entries.get(id) ?? [], alerts: self.alertList.filter((a) => a.dossier_id === id), hold: { id: '', on: false }, buyer_limits: [] }
    },
    async alerts() { return self.alertList.map((a) => ({ ...a })) },
    async act(id: string, action: Action, note: string) {
      self.acted.push({ id, action, note })
      const a = self.alertList.find((x) => x.id === id)
      if (a) { a.action = action; if (action === 'handled') { a.handled = true; a.note = note } }
    },
    async saveInvoice(d: string, inv: Invoice) {
      const x = { ...inv, id: inv.number.toUpperCase(), dossier_id: d }
      invoices.set(d, [...(invoices.get(d) ?? []).filter((i) => i.id !== x.id), x])
      return x
    },
    async savePayment(_d: string, p: Payment) { return p },
    async saveCreditNote(_d: string, c: CreditNote) { return c },
    async saveDispute(_d: string, x: Dispute) { return x },
    async saveOrder(_d: string, o: Order) { return o },
    async addEntry(d: string, e: Entry) {
      const x = { ...e, id: `e${(entries.get(d)?.length ?? 0) + 1}`, dossier_id: d }
      entries.set(d, [...(entries.get(d) ?? []), x])
      return x
    },
    async remove() {},
    async pickFile() { return '' },
    async mappings() { return [] },
    importPage: null as ImportPage | null,
    linked: [] as { code: string; dossierId: string }[],
    async importFile(): Promise<ImportPage> {
      if (!self.importPage) throw new Error('no files in the double')
      return structuredClone(self.importPage)
    },
    async linkCode(code: string, dossierId: string) { self.linked.push({ code, dossierId }) },
    rulesValue: { overdue_days: 30, exposure_pct: 90, dbt_worsening: 7, expiry_days: 30, report_days: 14, review_overdue: true, promise_grace: 3, sanctions: true } as Rules,
    policyList: [] as InsurancePolicy[],
    async rules() { return { ...self.rulesValue } },
    async saveRules(r: Rules) { self.rulesValue = { ...r } },
    async policies() { return self.policyList.map((p) => ({ ...p })) },
    async savePolicy(p: InsurancePolicy) { const x = { ...p, id: p.id || `p${self.policyList.length + 1}` }; self.policyList.push(x); return x },
    async saveBuyerLimit(d: string, l: BuyerLimit) { return { ...l, id: 'l1', dossier_id: d } },
    on() { return () => {} },
  }
  return self
}
