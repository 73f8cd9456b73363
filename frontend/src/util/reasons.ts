// Sentences for the short codes the screening engine gives as its reasons
// ("token_overlap:4/4", "country_mismatch:HK/CN,RU"): people read why a
// name matched, never a code.
import { countryName } from './countries'

type T = (key: string, params?: Record<string, unknown>) => string

export function explainReason(code: string, t: T, te: (key: string) => boolean, locale: string): string {
  const [name, arg = ''] = code.split(/:(.*)/s, 2)
  const country = (c: string) => (/^[A-Z]{2}$/.test(c) ? countryName(c, locale) : c)
  const list = (s: string) => s.split(',').filter(Boolean).map(country).join(locale.startsWith('zh') ? '、' : ', ')
  switch (name) {
    case 'token_overlap': {
      const [a, b] = arg.split('/')
      return t('reason.token_overlap', { a, b })
    }
    case 'typo':
      return t('reason.typo', { n: arg })
    case 'country_match':
      return t('reason.country_match', { c: country(arg) })
    case 'country_mismatch': {
      const [q, l = ''] = arg.split('/')
      return t('reason.country_mismatch', { c: country(q), l: list(l) })
    }
    case 'dob_match':
    case 'dob_year_match':
    case 'dob_mismatch':
      return t(`reason.${name}`, { d: arg })
  }
  return te(`reason.${name}`) ? t(`reason.${name}`) : t('reason.other')
}
