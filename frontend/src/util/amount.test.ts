import { describe, expect, it } from 'vitest'
import { parseAmount } from './amount'

describe('parseAmount', () => {
  it('reads amounts as people type them', () => {
    expect(parseAmount('300000')).toBe(300000)
    expect(parseAmount('300,000')).toBe(300000)
    expect(parseAmount('300 000')).toBe(300000)
    expect(parseAmount('３０００００')).toBe(300000)
    expect(parseAmount('1,234.5')).toBe(1234.5)
    expect(parseAmount('')).toBe(0)
  })
  it('refuses what is not an amount', () => {
    expect(parseAmount('30k')).toBeNull()
    expect(parseAmount('-5')).toBeNull()
    expect(parseAmount('1.2.3')).toBeNull()
  })
})
