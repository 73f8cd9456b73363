import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApi } from '../api'
import { memoryApi } from '../api/memory'
import { useWorkspace } from './workspace'
import { emptyDossier, normalizeDossier, useDossiers } from './dossiers'
import { i18n } from '../i18n'
import { asUIError } from '../api'

describe('stores over the api layer', () => {
  let mem: ReturnType<typeof memoryApi>
  beforeEach(() => {
    setActivePinia(createPinia())
    mem = memoryApi()
    setApi(mem)
  })

  it('creating a workspace unlocks it and sets the language', async () => {
    const ws = useWorkspace()
    await ws.refresh()
    expect(ws.status?.exists).toBe(false)
    await ws.create({ firm_name: 'F', user_name: 'U', language: 'en', passphrase: 'abcdefgh1', confirm: 'abcdefgh1' })
    expect(ws.unlocked).toBe(true)
    expect(i18n.global.locale.value).toBe('en')
    await ws.lock()
    expect(ws.unlocked).toBe(false)
    await expect(ws.unlock('wrong')).rejects.toSatisfy((e) => asUIError(e).key === 'err.wrongPassphrase')
    await ws.unlock('abcdefgh1')
    expect(ws.unlocked).toBe(true)
  })

  it('the list follows what Go says changed, without navigating', async () => {
    const st = useDossiers()
    st.listen()
    st.listen() // once only
    await st.search()
    expect(st.result.total).toBe(0)
    const d = emptyDossier()
    d.latin_name.value = 'Saved Elsewhere GmbH'
    await mem.createDossier(d) // as another window would
    mem.emit('dossier:saved', 'x')
    await new Promise((r) => setTimeout(r, 300))
    expect(st.result.total).toBe(1)
  })

  it('saves a new dossier, finds it, and refuses a stale save', async () => {
    const st = useDossiers()
    const d = emptyDossier()
    d.legal_name.value = '深圳市光明照明有限公司'
    d.aliases = ['Bright Lighting']
    const saved = await st.save(d)
    expect(saved.id).not.toBe('')
    st.query.text = 'bright'
    await st.search()
    expect(st.result.total).toBe(1)
    expect(st.result.rows[0].name).toBe('深圳市光明照明有限公司')
    const edited = { ...saved, notes: 'x' }
    await st.save(edited)
    await expect(st.save({ ...saved, notes: 'y' })).rejects.toSatisfy((e) => asUIError(e).code === 'conflict')
  })

  it('keeps only the latest of overlapping searches', async () => {
    const st = useDossiers()
    for (const name of ['Alpha', 'Beta']) {
      const d = emptyDossier()
      d.latin_name.value = name
      await st.save(d)
    }
    st.query.text = 'alpha'
    const first = st.search()
    st.query.text = 'beta'
    const second = st.search()
    await Promise.all([first, second])
    expect(st.result.rows.map((r) => r.name)).toEqual(['Beta'])
  })

  it('normalizeDossier fills lists and facts Go leaves out', () => {
    const d = normalizeDossier({ id: 'x', legal_name: { value: 'A' } } as never)
    expect(d.emails).toEqual([])
    expect(d.website.value).toBe('')
    expect(d.legal_name.sources).toEqual([])
  })
})
