// parseAmount reads an amount as people type it: "300000", "300,000",
// "300 000", "３０００００", "1,234.5". Empty is 0; anything else null.
export function parseAmount(s: string): number | null {
  const t = s
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0C,\s\u00A0\u202F_']/g, '')
    .replace(/\uFF0E/g, '.')
  if (t === '') return 0
  if (!/^\d+(\.\d+)?$/.test(t)) return null
  return Number(t)
}
