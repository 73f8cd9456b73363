import type { Terms } from '../api/types'

type T = (key: string, params?: Record<string, unknown>) => string

// termsText: "O/A 60 days", "30% deposit + balance against B/L copy".
export function termsText(terms: Terms, t: T): string {
  const base = t(`terms.${terms.code}`)
  if ((terms.code === 'oa' || terms.code === 'da') && terms.days) return t('assess.termsDays', { terms: base, n: terms.days })
  if (terms.code === 'deposit_bl' && terms.deposit_pct) return t('assess.termsDeposit', { pct: terms.deposit_pct })
  return base
}

// gradeColor is the colour band of a grade, the same in the report.
export function gradeColor(grade: string): string {
  return { A: '#18a058', B: '#2f9e8f', C: '#f0a020', D: '#e06c2e', E: '#d03050' }[grade] ?? '#888'
}

export function money(amount: number, currency: string, lang: string): string {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency: currency || 'USD', maximumFractionDigits: 0 }).format(amount)
  } catch {
    return `${currency} ${Math.round(amount).toLocaleString(lang)}`
  }
}
