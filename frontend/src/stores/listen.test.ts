import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApi } from '../api'
import { memoryApi, vocabulary } from '../api/memory'
import { memoryReceivables, setReceivablesApi } from '../api/receivables'
import type { Alert as ArAlert } from '../api/receivables'
import type { CreditOverview, Proposal, Right, VisitView } from '../api/types'
import { CHANGED, concerns, follow, setFollowDelay } from './events'
import { emptyDossier, useDossiers } from './dossiers'
import { termsLabel, useCredit } from './credit'
import { useVisits } from './visits'
import { useScreening } from './screening'
import { useReceivables } from './receivables'
import { useWorkspace } from './workspace'
import { listenAll } from './listen'

// Go's events are played on the in-memory double (mem.emit), as the Wails
// runtime would deliver them; each store must refresh what it shows.
const settle = () => new Promise((r) => setTimeout(r, 20))

describe('stores that listen to Go', () => {
  let mem: ReturnType<typeof memoryApi>
  beforeEach(() => {
    setActivePinia(createPinia())
    mem = memoryApi()
    setApi(mem)
    setFollowDelay(0)
  })
  afterEach(() => {
    setFollowDelay(150)
    setReceivablesApi(null)
  })

  it('follow gathers a burst, keeps the ids named, and heeds only its kinds on workspace:changed', async () => {
    const heard: { ids: string[]; all: boolean }[] = []
    const stop = follow(['dossier:saved'], ['visit'], (h) => heard.push({ ids: [...h.ids].sort(), all: h.all }))
    mem.emit('dossier:saved', 'd2')
    mem.emit('dossier:saved', 'd1')
    await settle()
    expect(heard).toEqual([{ ids: ['d1', 'd2'], all: false }])
    mem.emit(CHANGED, { kinds: ['receivables'], ids: ['d9'] }) // not a kind this follower shows
    await settle()
    expect(heard.length).toBe(1)
    mem.emit(CHANGED, { kinds: ['visit'], ids: ['d3/v1'] })
    await settle()
    expect(heard[1]).toEqual({ ids: ['d3/v1'], all: false })
    mem.emit(CHANGED, {}) // a sync that does not say what: everything
    await settle()
    expect(heard[2].all).toBe(true)
    stop()
    mem.emit('dossier:saved', 'd1')
    await settle()
    expect(heard.length).toBe(3)
    // A record under a dossier concerns it; another dossier's does not.
    expect(concerns({ ids: new Set(['d3/v1']), all: false }, 'd3')).toBe(true)
    expect(concerns({ ids: new Set(['d30/v1']), all: false }, 'd3')).toBe(false)
  })

  it('the open dossier takes a save made in another window; another customer\'s save does not reload it', async () => {
    const ds = useDossiers()
    ds.listen()
    const d = emptyDossier()
    d.latin_name.value = 'Acme GmbH'
    const created = await mem.createDossier(d)
    const other = await mem.createDossier(emptyDossier())
    await ds.open(created.id)
    let gets = 0
    const get = mem.get
    mem.get = async (id) => { gets++; return get(id) }
    await mem.saveDossier({ ...(await get(other.id)), notes: 'elsewhere' })
    mem.emit('dossier:saved', other.id)
    await settle()
    expect(gets).toBe(0)
    await mem.saveDossier({ ...(await get(created.id)), notes: 'typed in the other window' })
    mem.emit('dossier:saved', created.id)
    await settle()
    expect(gets).toBe(1)
    expect(ds.current?.notes).toBe('typed in the other window')
    // A sync names the dossier through workspace:changed.
    await mem.saveDossier({ ...(await get(created.id)), notes: 'synced' })
    mem.emit(CHANGED, { kinds: ['dossier'], ids: [created.id] })
    await settle()
    expect(ds.current?.notes).toBe('synced')
  })

  it('the form\'s verification is Go\'s answer, the last one when several cross', async () => {
    const ds = useDossiers()
    const d = emptyDossier()
    d.legal_name.value = 'Acme'
    d.legal_name.state = 'verified'
    let release: () => void = () => {}
    const verification = mem.verification
    mem.verification = async (x) => {
      if (x.notes === 'slow') await new Promise<void>((r) => (release = r))
      return verification(x)
    }
    const slow = ds.verify({ ...d, notes: 'slow' })
    await ds.verify({ ...d, legal_name: { ...d.legal_name, state: 'unverified' } })
    release()
    await slow
    expect(ds.check?.summary).toEqual({ facts: 1, verified: 0, contradicted: 0, sourced: 0 })
    expect(ds.check?.states.legal_name).toBe('unverified')
  })

  it('credit: names terms with Go\'s names, shows Go\'s rights, and reloads on a change to the open customer', async () => {
    expect(termsLabel({ code: 'oa', days: 60 }, vocabulary, 'en')).toBe('O/A 60 days')
    expect(termsLabel({ code: 'oa', days: 60 }, vocabulary, 'zh-CN')).toBe('赊销（O/A）60天')
    expect(termsLabel({ code: 'oa' }, vocabulary, 'en')).toBe('O/A') // days not typed yet
    expect(termsLabel({ code: 'deposit_bl', deposit_pct: 30 }, vocabulary, 'en')).toBe('30% deposit, balance against B/L copy')
    expect(termsLabel({ code: 'cash' }, vocabulary, 'en')).toBe('CASH')

    const p: Proposal = { id: 'd1/1/x', dossier_id: 'd1', snapshot_id: 's', limit: 1, currency: 'USD', terms: { code: 'oa', days: 30 }, comment: '', by: 'Ann', at: '', status: 'pending' }
    let rights: Record<string, Right> = { [p.id]: { approve: false, reject: true, why: 'judge.ownProposal' } }
    let overviews = 0
    const base = await mem.creditOverview('d1')
    mem.creditOverview = async (): Promise<CreditOverview> => { overviews++; return { ...base, proposals: [p] } }
    mem.rights = async () => rights
    const cr = useCredit()
    cr.listen()
    await cr.open('d1')
    expect(cr.termsText(p.terms, 'en')).toBe('O/A 30 days')
    expect(cr.right(p)).toEqual({ approve: false, reject: true, why: 'judge.ownProposal' })
    expect(overviews).toBe(1)

    // Another manager's approval elsewhere: Go names the proposal.
    rights = { [p.id]: { approve: false, reject: false, why: 'judge.decided' } }
    mem.emit(CHANGED, { kinds: ['approval'], ids: [p.id] })
    await settle()
    expect(overviews).toBe(2)
    expect(cr.right(p).why).toBe('judge.decided')
    // A change to another customer leaves this one alone.
    mem.emit('dossier:saved', 'd2')
    await settle()
    expect(overviews).toBe(2)
    // New sanctions hits on this customer (a hold) reload it.
    mem.emit('screening:new-hits', 'd1')
    await settle()
    expect(overviews).toBe(3)
  })

  it('visits: the bad answers are the ones Go marks, and a visit changed elsewhere is reloaded', async () => {
    const view = (bad: boolean): VisitView => ({
      visit: { id: 'd1/v1', dossier_id: 'd1', template_id: 't', template_version: 1, date: '', visitor: '', answers: {}, signatures: [], status: 'in_progress' },
      template: { id: 't', version: 1, name: { en: '', zh: '' }, kind: '', built_in: true, sections: [], updated_at: '', updated_by: '' },
      score: { total: 0, sections: [], failed_required: [], progress: 0, items: [{ item_id: 'staff', score: 0.25, weight: 1, scored: true, bad }, { item_id: 'sign', score: 1, weight: 1, scored: true, bad: false }] },
      missing: [], dossier_name: 'Acme',
    })
    let bad = false
    let loads = 0
    mem.visit = async () => { loads++; return view(bad) }
    const vs = useVisits()
    vs.listen()
    await vs.open('d1/v1')
    expect([...vs.bad]).toEqual([])
    bad = true
    mem.emit(CHANGED, { kinds: ['visit'], ids: ['d1/v1'] })
    await settle()
    expect(loads).toBe(2)
    expect([...vs.bad]).toEqual(['staff'])
    mem.emit(CHANGED, { kinds: ['template'], ids: ['d7/v9'] })
    await settle()
    expect(loads).toBe(2)
  })

  it('screening: progress and the end of a re-screen, and new hits reload the open customer\'s flags', async () => {
    const sc = useScreening()
    sc.listen()
    const done: number[] = []
    const off = sc.onDone((r) => done.push(r.new_hits))
    let flagLoads = 0
    mem.flags = async () => { flagLoads++; return { flags: [], result: null, lists: [] } }
    await sc.openFlags('d1')
    mem.emit('screening:progress', { done: 3, total: 10 })
    expect(sc.progress).toEqual({ done: 3, total: 10 })
    mem.emit('screening:done', { new_hits: 2, cancelled: false })
    expect(sc.progress).toBe(null)
    expect(done).toEqual([2])
    off()
    mem.emit('screening:new-hits', 'd1')
    await settle()
    expect(flagLoads).toBe(2)
    mem.emit('screening:new-hits', 'd2')
    await settle()
    expect(flagLoads).toBe(2)
  })

  it('receivables: Go\'s ar:alerts reloads the board and is heard by the notifier', async () => {
    const m = memoryReceivables()
    setReceivablesApi(m)
    const ar = useReceivables()
    ar.listen()
    await ar.loadAlerts()
    expect(ar.alerts).toEqual([])
    const heard: string[] = []
    ar.onFresh((list) => heard.push(...list.map((a) => a.id)))
    const a: ArAlert = { id: 'd1/overdue/INV-9', dossier_id: 'd1', name: 'Acme', rule: 'overdue', severity: 'critical', en: 'overdue', zh: '逾期' }
    m.alertList.push(a)
    mem.emit('ar:alerts', [a])
    await settle()
    expect(heard).toEqual([a.id])
    expect(ar.alerts?.map((x) => x.id)).toEqual([a.id])
  })

  it('workspace: locked by Go shows the unlock screen without a click', async () => {
    listenAll()
    listenAll() // once only
    const ws = useWorkspace()
    await ws.create({ firm_name: 'F', user_name: 'U', language: 'en', passphrase: 'abcdefgh1', confirm: 'abcdefgh1' })
    expect(ws.unlocked).toBe(true)
    await mem.lock() // as the idle timer of another window, or a restore, would
    mem.emit('workspace:locked')
    await settle()
    expect(ws.unlocked).toBe(false)
  })
})
