// Turning change-log entries into words.

type T = (key: string, params?: Record<string, unknown>) => string
type TE = (key: string) => boolean

// fieldLabel: "emails/3f2a…" → "E-mails (3f2a)".
export function fieldLabel(field: string, t: T, te: TE): string {
  const [name, item] = field.split('/')
  const label = te(`field.${name}`) ? t(`field.${name}`) : name
  return item ? `${label} · ${item.slice(0, 4)}` : label
}

// describeValue renders a JSON value from the log for people.
export function describeValue(json: string | undefined, t: T, field = '', te?: TE): string {
  if (!json) return '—'
  let v: unknown
  try {
    v = JSON.parse(json)
  } catch {
    return json
  }
  // Enumerated fields show their translated label, not the code.
  const prefix = enumPrefix[field]
  if (prefix && typeof v === 'string' && (!te || te(`${prefix}.${v}`))) return t(`${prefix}.${v}`)
  return describe(v, t, te)
}

const enumPrefix: Record<string, string> = { status: 'status', segment: 'segment', business_type: 'btype' }

// Keys of structured values (soft information, references) are named by
// the labels the dossier's form uses; codes among their values too.
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
function keyLabel(k: string, t: T, te?: TE): string {
  for (const key of [`credit.${camel(k)}`, `field.${k}`]) if (te?.(key)) return t(key)
  return k
}
const valuePrefix: Record<string, string> = { decision_roles: 'role', role: 'role', payment: 'payment' }
function valueLabel(k: string, x: unknown, t: T, te?: TE): string {
  const prefix = valuePrefix[k]
  const one = (y: unknown) => (prefix && typeof y === 'string' && te?.(`${prefix}.${y}`) ? t(`${prefix}.${y}`) : describe(y, t, te))
  return Array.isArray(x) ? x.map(one).join('; ') : one(x)
}

function describe(v: unknown, t: T, te?: TE): string {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no')
  if (typeof v !== 'object') return String(v)
  if (Array.isArray(v)) return v.map((x) => describe(x, t, te)).join('; ')
  const o = v as Record<string, unknown>
  if ('value' in o) {
    // A fact: its value, its state and how many sources.
    const parts = [String(o.value ?? '')]
    if (o.type) parts.unshift(`${String(o.type).toUpperCase()}:`)
    if (o.state && o.state !== 'unverified') parts.push(`(${t(`state.${o.state}`)})`)
    const n = Array.isArray(o.sources) ? o.sources.length : 0
    if (n) parts.push(n === 1 ? t('history.oneSource') : t('history.sources', { n }))
    return parts.join(' ')
  }
  if ('name' in o) return [o.name, o.role, o.email, o.phone].filter(Boolean).join(' · ')
  return Object.entries(o)
    .filter(([k, x]) => k !== 'id' && x !== '' && x !== false && x !== null)
    .map(([k, x]) => `${keyLabel(k, t, te)}: ${valueLabel(k, x, t, te)}`)
    .join(', ')
}
