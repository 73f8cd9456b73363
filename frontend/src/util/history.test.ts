import { describe, expect, it } from 'vitest'
import { describeValue, fieldLabel } from './history'
import { i18n, setLocale } from '../i18n'

const t = (k: string, p?: Record<string, unknown>) => i18n.global.t(k, p ?? {})
const te = (k: string) => i18n.global.te(k)

describe('history rendering', () => {
  it('names fields and list items', () => {
    setLocale('en')
    expect(fieldLabel('emails/3f2a9c', t, te)).toBe('E-mails · 3f2a')
    expect(fieldLabel('unknown_field', t, te)).toBe('unknown_field')
  })
  it('describes facts, enums and plain values', () => {
    setLocale('en')
    expect(describeValue('{"value":"DE","state":"verified","sources":[{"kind":"registry"}]}', t)).toBe('DE (Verified) 1 source')
    expect(describeValue('"lead"', t, 'status', te)).toBe('Lead')
    expect(describeValue('true', t)).toBe('yes')
    expect(describeValue(undefined, t)).toBe('—')
    expect(describeValue('{"type":"vat","value":"DE136695976"}', t)).toBe('VAT: DE136695976')
    expect(describeValue('{"value":"x","sources":[{},{}]}', t)).toBe('x 2 sources')
  })
  it('names the keys and codes of structured values as the form does', () => {
    setLocale('en')
    expect(describeValue('{"names_specs":true,"decision_roles":["purchasing","finance"],"response_hours":6}', t, 'soft', te))
      .toBe('names specifications: yes, Decision involves: Purchasing; Finance, Typical reply time (hours): 6')
    expect(describeValue('{"id":"27d5","who":"Ningbo Sunlight","payment":"prompt","since":"2019"}', t, 'references', te))
      .toBe('Who: Ningbo Sunlight, How they pay: Prompt, Since: 2019')
    setLocale('zh-CN')
    expect(describeValue('{"decision_roles":["purchasing"]}', t, 'soft', te)).not.toContain('purchasing')
  })
})
