// The Go ImportService (app/imports.go): customer lists and customs
// records in from Excel/CSV with a mapping preview, saved mappings, the
// list and one dossier out as workbooks, and a dossier's trade figures.
// Kept beside index.ts (as refdata.ts is) so the import screen can be
// tested against a double (setImportsApi) without touching the main Api.
import type { Query } from './types'
import type { ImportResult as ReceivablesResult } from './receivables'

export type Target = 'customers' | 'trade' | 'receivables'

export interface SheetField {
  key: string
  kind: 'text' | 'number' | 'date'
  required: boolean
  synonyms: string[]
}

export type Mapping = Record<string, string> // field key → header

export interface SavedMapping {
  name: string
  target: Target
  mapping: Mapping
  saved: string
  by?: string
}

export interface RowError {
  line: number
  field: string
  value?: string
  key: string
  params?: Record<string, string>
  message: string
}

export interface CustomerResult {
  file: string
  encoding: string
  headers: string[]
  mapping: Mapping
  rows: number
  skipped: number
  created: string[]
  merged: string[]
  unchanged: number
  errors: RowError[]
  written: boolean
}

export interface TradeResult {
  file: string
  encoding: string
  headers: string[]
  mapping: Mapping
  rows: number
  skipped: number
  added: number
  known: number
  dossiers: Record<string, number>
  errors: RowError[]
  written: boolean
}

export interface PreviewPage {
  file: string
  encoding: string
  header_line: number
  headers: string[]
  rows: PreviewRow[]
  fields: SheetField[]
  mapping: Mapping
  customers?: CustomerResult
  trade?: TradeResult
  receivables?: ReceivablesResult
  problem?: string
}

export interface PreviewRow { line: number; cells: string[] }

// ImportProgress is customers.Progress: rows read (total unknown), then
// customers compared with the stored ones, then written.
export interface ImportProgress {
  phase: 'read' | 'check' | 'write'
  done: number
  total: number
}

export interface TradeMonth {
  month: string
  shipments: number
  value: number
  weight_kg: number
}

export interface TradeSupplier {
  name: string
  country: string
  first: string
  last: string
  shipments: number
  value: number
  tenure_months: number
}

export interface TradeSummary { shipments: number; months: number; suppliers: number; china_share: number; trend_pct: number; steady_buyer: boolean }

export interface TradeFigures {
  summary: TradeSummary
  first: string
  last: string
  months: TradeMonth[]
  suppliers: TradeSupplier[]
  currency: string
  total_value: number
  total_weight_kg: number
  active_months: number
  longest_gap: number
  typical_order: number
  typical_weight_kg: number
  expected_order: number
  order_ratio: number
}

export interface TradeView {
  has: boolean
  figures: TradeFigures
}

export interface ImportsApi {
  pickFile(): Promise<string>
  preview(path: string, target: Target, mapping: Mapping | null, dossierId: string): Promise<PreviewPage>
  mappings(target: Target): Promise<SavedMapping[]>
  saveMapping(target: Target, name: string, mapping: Mapping): Promise<void>
  importCustomers(path: string, mapping: Mapping, skipInvalid: boolean): Promise<CustomerResult>
  cancelScreening(): Promise<void>
  cancelImport(): Promise<void>
  importTrade(path: string, mapping: Mapping, dossierId: string, skipInvalid: boolean): Promise<TradeResult>
  importReceivables(path: string, mapping: Mapping, dossierId: string, skipInvalid: boolean): Promise<ReceivablesResult>
  trade(dossierId: string): Promise<TradeView>
  exportList(q: Query, lang: string): Promise<string>
  exportDossier(id: string, lang: string): Promise<string>
}

let impl: ImportsApi | null = null

// setImportsApi swaps in a double (unit tests).
export function setImportsApi(a: ImportsApi | null) {
  impl = a
}

export function importsApi(): ImportsApi {
  if (!impl) impl = wailsImports()
  return impl
}

function wailsImports(): ImportsApi {
  const w = window as unknown as { go: { app: { ImportService: Record<string, (...a: unknown[]) => Promise<unknown>> } } }
  const im = (m: string, ...a: unknown[]) => w.go.app.ImportService[m](...a) as Promise<never>
  return {
    pickFile: () => im('PickFile'),
    preview: (p, t, m, d) => im('Preview', p, t, m, d),
    mappings: (t) => im('Mappings', t),
    saveMapping: (t, n, m) => im('SaveMapping', t, n, m),
    importCustomers: (p, m, s) => im('ImportCustomers', p, m, s),
    cancelScreening: () => im('CancelScreening'),
    cancelImport: () => im('CancelImport'),
    importTrade: (p, m, d, s) => im('ImportTrade', p, m, d, s),
    importReceivables: (p, m, d, s) => im('ImportReceivables', p, m, d, s),
    trade: (d) => im('Trade', d),
    exportList: (q, l) => im('ExportList', q, l),
    exportDossier: (id, l) => im('ExportDossier', id, l),
  }
}
