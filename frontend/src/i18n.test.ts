import { describe, expect, it } from 'vitest'
import zh from './langs/zh-CN.json'
import en from './langs/en.json'
import { errorSentence, i18n, setLocale } from './i18n'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('translations', () => {
  it('have the same keys in both languages', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort())
  })
  it('have no empty strings and the same placeholders', () => {
    const get = (o: object, k: string) => k.split('.').reduce((x: any, p) => x[p], o) as string
    for (const k of keys(zh)) {
      expect(get(zh, k), k).not.toBe('')
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort()
      expect(ph(get(zh, k)), k).toEqual(ph(get(en, k)))
    }
  })
  it('cover every key the source code uses', async () => {
    const files = import.meta.glob('./**/*.{vue,ts}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
    const all = new Set(keys(zh))
    const used = new Set<string>()
    for (const [name, src] of Object.entries(files)) {
      if (name.endsWith('.test.ts')) continue
      for (const m of src.matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1])
    }
    expect(used.size).toBeGreaterThan(50)
    for (const k of used) expect(all.has(k), `missing key ${k}`).toBe(true)
  })
})

describe('errorSentence', () => {
  it('uses the error key with parameters, in the current language', () => {
    setLocale('en')
    expect(errorSentence({ code: 'unauthorized', key: 'err.wrongPassphrase', message: 'wrong passphrase' })).toMatch(/Wrong passphrase/)
    setLocale('zh-CN')
    expect(errorSentence({ code: 'unauthorized', key: 'err.wrongPassphrase', message: 'wrong passphrase' })).toMatch(/口令不正确/)
    expect(errorSentence({ code: 'invalid', key: 'err.email', params: { field: 'emails[0]' }, message: '' })).toBe('电子邮件：不是有效的电子邮件地址。')
  })
  it('falls back to the code, never to the Go message', () => {
    setLocale('en')
    const s = errorSentence({ code: 'internal', key: 'err.somethingNew', message: 'open store: badger: io error' })
    expect(s).not.toMatch(/badger/)
    expect(s).toBe(i18n.global.t('code.internal'))
  })
})
