import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from '../langs/en.json'
import zh from '../langs/zh-CN.json'
import { explainReason } from './reasons'

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { en, 'zh-CN': zh } })
const { t, te } = i18n.global

describe('explainReason', () => {
  it('says every screening reason as a sentence with countries by name', () => {
    const codes = ['token_overlap:4/4', 'typo:1', 'joined_tokens', 'word_order', 'legal_form_ignored', 'translit', 'generic_only', 'alias',
      'han', 'han_exact', 'country_match:CN', 'country_mismatch:HK/CN,RU', 'dob_match:1960-01-12', 'dob_year_match:1960', 'dob_mismatch:1970-01-01']
    for (const c of codes) {
      const s = explainReason(c, t, te, 'zh-CN')
      expect(s, c).not.toMatch(/[a-z]+_[a-z]+|[A-Z]{2}\/|reason\./)
      expect(s, c).not.toBe(t('reason.other'))
    }
    expect(explainReason('country_mismatch:HK/CN,RU', t, te, 'zh-CN')).toContain('俄罗斯')
    expect(explainReason('token_overlap:3/4', t, te, 'zh-CN')).toContain('3')
  })
  it('never shows an unknown code', () => {
    expect(explainReason('some_new_code:7', t, te, 'zh-CN')).toBe(t('reason.other'))
  })
})
