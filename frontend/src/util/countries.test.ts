import { describe, expect, it } from 'vitest'
import { COUNTRY_CODES, countryName, countryOptions } from './countries'

// Names from CLDR 48 (npm cldr-localenames-full), not the webview's ICU.
describe('country names', () => {
  it('uses current CLDR names in both languages', () => {
    expect(countryName('MK', 'en')).toBe('North Macedonia')
    expect(countryName('MK', 'zh-CN')).toBe('北马其顿')
    expect(countryName('TR', 'en')).toBe('Türkiye')
    expect(countryName('cn', 'zh-CN')).toBe('中国')
  })
  it('keeps unknown codes as they are', () => {
    expect(countryName('ZZ', 'en')).toBe('ZZ')
    expect(countryName('', 'en')).toBe('')
  })
  it('offers every ISO code once', () => {
    expect(COUNTRY_CODES.length).toBeGreaterThanOrEqual(249)
    expect(new Set(countryOptions('en').map((o) => o.value)).size).toBe(COUNTRY_CODES.length)
  })
})
