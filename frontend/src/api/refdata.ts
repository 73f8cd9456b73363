// The Go RefDataService (app/refdata.go): reference tables with their
// source and date, a country's entries, and imports of newer tables.
// Kept beside index.ts so the Settings card can be tested against a
// double (setRefdataApi) without touching the main Api.
export interface RefMeta {
  table: string
  source: string
  date: string
  licence?: string
  rows: number
  origin: 'built-in' | 'imported'
  imported?: string
}

export interface RefTables {
  tables: RefMeta[]
  importable: string[]
  can_import: boolean
}

export interface RefCountry {
  code: string
  name_en: string
  name_zh: string
  oecd: string // '0'–'7', 'HI' (not classified: high-income) or '' (not in the list)
  oecd_text: string // the category in words, as Go says it
  oecd_note?: string
  oecd_date: string
  oecd_origin: string
  fatf: '' | 'black' | 'grey'
  fatf_text: string
  fatf_date: string
  fatf_origin: string
  names_source: string
}

export interface RefChange {
  table: string
  before: RefMeta
  after: RefMeta
  added: string[] | null
  removed: string[] | null
  changed: string[] | null
}

export interface RefdataApi {
  tables(): Promise<RefTables>
  country(code: string): Promise<RefCountry>
  importFromDialog(table: string): Promise<RefChange | null>
  forget(table: string): Promise<RefChange>
}

let impl: RefdataApi | null = null

// setRefdataApi swaps in a double (unit tests).
export function setRefdataApi(a: RefdataApi | null) {
  impl = a
}

export function refdataApi(): RefdataApi {
  if (!impl) impl = wailsRefdata()
  return impl
}

function wailsRefdata(): RefdataApi {
  const w = window as unknown as { go: { app: { RefDataService: Record<string, (...a: unknown[]) => Promise<unknown>> } } }
  const rd = (m: string, ...a: unknown[]) => w.go.app.RefDataService[m](...a) as Promise<never>
  return {
    tables: () => rd('Tables'),
    country: (c) => rd('Country', c),
    importFromDialog: (t) => rd('ImportFromDialog', t),
    forget: (t) => rd('Forget', t),
  }
}
