// Payment terms are named by Go (useCredit().termsText, credit.TermNames).

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
