// Every error key the Go side can send must have a sentence in both
// languages: people never see a Go error string.
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import zh from './langs/zh-CN.json'
import en from './langs/en.json'

function goFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) return n === 'testdata' ? [] : goFiles(p)
    return n.endsWith('.go') && !n.endsWith('_test.go') ? [p] : []
  })
}

describe('backend error keys', () => {
  it('are all translated', () => {
    const root = join(import.meta.dirname, '..', '..')
    const keys = new Set<string>()
    for (const f of [...goFiles(join(root, 'backend')), ...goFiles(join(root, 'app'))]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/"(err\.[a-zA-Z]+)"/g)) keys.add(m[1])
    }
    expect(keys.size).toBeGreaterThan(40)
    const has = (o: Record<string, Record<string, string>>, k: string) => !!o.err?.[k.slice(4)]
    const missing = [...keys].filter((k) => !has(zh as never, k) || !has(en as never, k))
    expect(missing).toEqual([])
  })
})
