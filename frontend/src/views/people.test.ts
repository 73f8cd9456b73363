// The unlock picker, Settings → People, the conflicts page and the audit
// trail, over the in-memory double of the Go services.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, type Component } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '../i18n'
import { asUIError, setApi } from '../api'
import { memoryApi, type MemoryApi } from '../api/memory'
import type { AuditRow, ConflictRow } from '../api/types'
import { useWorkspace } from '../stores/workspace'
import { usePeople } from '../stores/people'
import { useConflicts } from '../stores/conflicts'
import { useAudit } from '../stores/audit'
import { setFollowDelay } from '../stores/events'
import { emptyDossier } from '../stores/dossiers'
import UnlockView from './UnlockView.vue'
import ConflictsView from './ConflictsView.vue'
import AuditView from './AuditView.vue'
import PeopleCard from '../components/PeopleCard.vue'

function mountIn(c: Component) {
  const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(c) }) })
  return mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
}

let mem: MemoryApi
let wrappers: { unmount(): void }[] = []
const track = <T extends { unmount(): void }>(w: T) => { wrappers.push(w); return w }

// A workspace made by Ann (admin), optionally with Bob (sales) added.
async function workspace(withBob: boolean) {
  const ws = useWorkspace()
  await ws.create({ firm_name: 'F', user_name: 'Ann', language: 'en', passphrase: 'annpass123', confirm: 'annpass123' })
  if (withBob) await usePeople().add('Bob', 'sales', 'bobpass123', 'bobpass123')
  await ws.lock()
  setLocale('en')
  return ws
}

beforeEach(() => {
  setActivePinia(createPinia())
  mem = memoryApi()
  setApi(mem)
  setFollowDelay(0)
  setLocale('en')
})
afterEach(() => {
  wrappers.forEach((w) => w.unmount())
  wrappers = []
  document.body.innerHTML = ''
})

describe('unlock', () => {
  it('a one-person workspace asks for the passphrase only', async () => {
    const ws = await workspace(false)
    const w = track(mountIn(UnlockView))
    await flushPromises()
    expect(w.find('[data-testid="unlock-who"]').exists()).toBe(false)
    await w.find('[data-testid="unlock-pass"] input').setValue('annpass123')
    await w.find('[data-testid="unlock-go"]').trigger('click')
    await flushPromises()
    expect(ws.unlocked).toBe(true)
    expect(ws.status?.user).toBe('Ann')
  })

  it('with two people it asks who, then unlocks as them with their own passphrase only', async () => {
    const ws = await workspace(true)
    const w = track(mountIn(UnlockView))
    await flushPromises()
    const picker = w.find('[data-testid="unlock-who"]')
    expect(picker.text()).toContain('Ann')
    expect(picker.text()).toContain('Bob')
    await w.find('[data-testid="unlock-pass"] input').setValue('bobpass123')
    await w.find('[data-testid="unlock-go"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="unlock-error"]').text()).toBe('Choose your name first.')
    const bob = mem.persons.find((p) => p.name === 'Bob')!
    await w.find(`[data-testid="unlock-who-${bob.id}"] input`).setValue(true)
    // Ann's passphrase does not open Bob's slot.
    await w.find('[data-testid="unlock-pass"] input').setValue('annpass123')
    await w.find('[data-testid="unlock-go"]').trigger('click')
    await flushPromises()
    expect(ws.unlocked).toBe(false)
    expect(w.find('[data-testid="unlock-error"]').text()).toContain('Wrong passphrase')
    await w.find('[data-testid="unlock-pass"] input').setValue('bobpass123')
    await w.find('[data-testid="unlock-go"]').trigger('click')
    await flushPromises()
    expect(ws.unlocked).toBe(true)
    expect(ws.status?.user).toBe('Bob')
    expect(mem.me()).toBe(bob.id)
  })
})

describe('people', () => {
  it('an admin adds someone with a passphrase typed twice; a mismatch shows Go\'s sentence', async () => {
    const ws = await workspace(false)
    await ws.unlock('annpass123')
    const w = track(mountIn(PeopleCard))
    await flushPromises()
    expect(w.find('[data-testid="person-Ann"]').text()).toContain('you')
    await w.find('[data-testid="person-name"] input').setValue('Carl')
    await w.find('[data-testid="person-pass"] input').setValue('carlpass12')
    await w.find('[data-testid="person-confirm"] input').setValue('carlpass13')
    await w.find('[data-testid="person-add-go"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('The two passphrases differ.')
    expect(w.find('[data-testid="person-Carl"]').exists()).toBe(false)
    await w.find('[data-testid="person-confirm"] input').setValue('carlpass12')
    await w.find('[data-testid="person-add-go"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="person-Carl"]').text()).toContain('can unlock')
    expect((await mem.unlockers()).map((u) => u.name)).toEqual(['Ann', 'Carl'])
  })

  it('resets, changes roles and removes; a sales person sees no admin controls and is refused', async () => {
    const ws = await workspace(true)
    await ws.unlock('annpass123')
    const people = usePeople()
    await people.load()
    const bob = people.people.find((p) => p.name === 'Bob')!
    await people.resetPassphrase(bob.id, 'bobnew1234', 'bobnew1234')
    await people.setRole(bob.id, 'credit_manager')
    expect(people.people.find((p) => p.id === bob.id)?.role).toBe('credit_manager')
    const ann = people.people.find((p) => p.me)!
    await expect(people.setRole(ann.id, 'sales')).rejects.toSatisfy((e) => asUIError(e).key === 'err.lastAdmin')
    expect(people.people.find((p) => p.me)?.role).toBe('admin')
    await ws.lock()
    await ws.unlockAs(bob.id, 'bobnew1234')
    const w = track(mountIn(PeopleCard))
    await flushPromises()
    expect(w.find('[data-testid="person-add"]').exists()).toBe(false)
    expect(w.find('[data-testid="person-remove"]').exists()).toBe(false)
    expect(w.text()).toContain('Only an admin')
    await expect(people.remove(ann.id)).rejects.toSatisfy((e) => asUIError(e).key === 'err.notAllowed')
    await ws.lock()
    await ws.unlockAs(ann.id, 'annpass123')
    await people.remove(bob.id)
    expect(people.people.find((p) => p.id === bob.id)?.removed).toBeTruthy()
    expect((await mem.unlockers()).map((u) => u.name)).toEqual(['Ann'])
  })
})

const side = (text: string, user: string, here: boolean) => ({ text, deleted: false, user, at: '2026-11-30T10:00:00Z', this_device: here })
const conflict = (id: string, label: string, win: string, lose: string): ConflictRow => ({
  id, kind: 'dossier', dossier_id: 'd1', customer: 'Acme GmbH', label, field: label.replace('field.', ''),
  winner: side(win, 'Ann', true), loser: side(lose, 'Bob', false), detected_at: '2026-11-30T10:01:00Z',
})

describe('conflicts', () => {
  it('shows both sides for people, resolves, and the count follows workspace:changed', async () => {
    const ws = await workspace(false)
    await ws.unlock('annpass123')
    mem.conflictRows.push(conflict('k1', 'field.notes', 'pays on time', 'pays late'), conflict('k2', 'field.website', 'acme.de', ''))
    mem.conflictRows[1].loser.deleted = true
    const store = useConflicts()
    store.listen()
    const w = track(mountIn(ConflictsView))
    await flushPromises()
    expect(store.count).toBe(2)
    const k1 = w.find('[data-testid="conflict-k1"]')
    expect(k1.text()).toContain('Acme GmbH')
    expect(k1.text()).toContain('Notes')
    expect(k1.find('[data-testid="conflict-winner"]').text()).toBe('pays on time')
    expect(k1.find('[data-testid="conflict-loser"]').text()).toBe('pays late')
    expect(k1.text()).toContain('another computer')
    expect(w.find('[data-testid="conflict-k2"] [data-testid="conflict-loser"]').text()).toBe('(deleted)')
    await k1.find('[data-testid="conflict-use-other"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="conflict-k1"]').exists()).toBe(false)
    expect(store.count).toBe(1)
    // A sync brings one more: Go says workspace:changed, whatever its kinds.
    mem.conflictRows.push(conflict('k3', 'field.notes', 'a', 'b'))
    mem.emit('workspace:changed', { kinds: ['dossier'], ids: ['d1'] })
    await new Promise((r) => setTimeout(r, 5))
    await flushPromises()
    expect(store.count).toBe(2)
  })
})

const entry = (seq: number, at: string, user: string, action: string, subject: string): AuditRow => ({
  device: 'dev1', seq, at, user, action, subject, prev: '', hash: `h${seq}`, user_name: user === 'u1' ? 'Ann' : 'Bob',
  subject_name: 'Acme GmbH', device_name: 'this computer', this_device: true, sentence: { en: `${action} ${seq}`, zh: `${action} 第${seq}条` },
})

describe('audit', () => {
  it('lists newest first, filters by person, actions and dates, checks the trail and exports', async () => {
    const ws = await workspace(false)
    await ws.unlock('annpass123')
    mem.auditRows.push(
      entry(1, '2026-11-01T09:00:00Z', 'u1', 'view', 'd1'),
      entry(2, '2026-11-10T09:00:00Z', 'u2', 'export_pdf', 'd1'),
      entry(3, '2026-11-20T09:00:00Z', 'u1', 'erasure', 'd2'),
    )
    const w = track(mountIn(AuditView))
    await flushPromises()
    const rows = () => w.findAll('[data-testid="audit-rows"] tbody tr').map((r) => r.text())
    const order = ['erasure 3', 'export_pdf 2', 'view 1']
    expect(rows().map((r, i) => r.includes(order[i]))).toEqual([true, true, true])
    const audit = useAudit()
    audit.filter.user = 'u1'
    await w.find('[data-testid="audit-show"]').trigger('click')
    await flushPromises()
    expect(rows().length).toBe(2)
    audit.filter.actions = ['view', 'export_pdf']
    await w.find('[data-testid="audit-show"]').trigger('click')
    await flushPromises()
    expect(rows().length).toBe(1)
    expect(rows()[0]).toContain('view 1')
    await w.find('[data-testid="audit-clear"]').trigger('click')
    await flushPromises()
    expect(rows().length).toBe(3)
    // The customer is chosen by name; the filter holds its id.
    const d = emptyDossier()
    d.legal_name.value = 'Acme GmbH'
    const made = await mem.createDossier(d)
    expect(await audit.searchCustomers('acme')).toEqual([{ id: made.id, name: 'Acme GmbH' }])
    audit.filter.subject = 'd2'
    await audit.load()
    await flushPromises()
    expect(rows().length).toBe(1)
    expect(rows()[0]).toContain('erasure 3')
    audit.filter.subject = ''
    audit.filter.from = '2026-11-05'
    audit.filter.to = '2026-11-15'
    await audit.load()
    await flushPromises()
    expect(rows().length).toBe(1)
    expect(rows()[0]).toContain('Bob')
    await w.find('[data-testid="audit-check"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="audit-ok"]').exists()).toBe(true)
    mem.auditProblems.push({ device: 'dev1abcdef123', seq: 2, what: 'edited' })
    await w.find('[data-testid="audit-check"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="audit-problems"]').text()).toContain('Entry 2 of computer dev1abcd was changed after it was written.')
    await w.find('[data-testid="audit-export"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('Written to /tmp/mem/audit.xlsx')
    setLocale('zh-CN')
    await flushPromises()
    expect(rows()[0]).toContain('export_pdf 第2条')
  })
})
