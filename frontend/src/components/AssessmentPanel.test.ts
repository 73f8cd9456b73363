import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '../i18n'
import { setApi } from '../api'
import { memoryApi } from '../api/memory'
import type { CreditOverview, Proposal, Right } from '../api/types'
import { setFollowDelay } from '../stores/events'
import { listenAll } from '../stores/listen'
import AssessmentPanel from './AssessmentPanel.vue'

const proposal = (id: string, by: string, status: Proposal['status'] = 'pending'): Proposal => ({
  id, dossier_id: 'd1', snapshot_id: 's1', limit: 50000, currency: 'USD', terms: { code: 'oa', days: 30 }, comment: '', by, at: '2026-03-16T09:00:00Z', status,
})

afterEach(() => setFollowDelay(150))

describe('AssessmentPanel', () => {
  it('shows who may approve as Go says, names terms with Go\'s names, and follows a decision taken elsewhere', async () => {
    setActivePinia(createPinia())
    setLocale('en')
    setFollowDelay(0)
    const mem = memoryApi()
    setApi(mem)
    let proposals = [proposal('d1/1/mine', 'Li Lei'), proposal('d1/2/theirs', 'Wang Fang')]
    let rights: Record<string, Right> = {
      'd1/1/mine': { approve: false, reject: true, why: 'judge.ownProposal' },
      'd1/2/theirs': { approve: true, reject: true },
    }
    const base = await mem.creditOverview('d1')
    mem.creditOverview = async (): Promise<CreditOverview> => ({ ...base, proposals })
    mem.rights = async () => rights
    listenAll()
    const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(NDialogProvider, null, { default: () => h(AssessmentPanel, { id: 'd1', dirty: false }) }) }) })
    const w = mount(Host, { global: { plugins: [i18n], stubs: { VChart: true } }, attachTo: document.body })
    await flushPromises()

    const rows = () => w.findAll('[data-testid="proposal"]')
    expect(rows().length).toBe(2)
    const [mine, theirs] = rows()
    expect(mine.text()).toContain('O/A 30 days') // Go's name, not a copy of it
    expect(mine.find('[data-testid="approve"]').attributes('disabled')).toBeDefined()
    expect(mine.find('[data-testid="reject"]').attributes('disabled')).toBeUndefined()
    expect(mine.find('[data-testid="own-proposal"]').exists()).toBe(true)
    expect(theirs.find('[data-testid="approve"]').attributes('disabled')).toBeUndefined()
    expect(theirs.find('[data-testid="own-proposal"]').exists()).toBe(false)

    // A colleague approves theirs in another window; a sync says so.
    proposals = [proposals[0], proposal('d1/2/theirs', 'Wang Fang', 'approved')]
    rights = { ...rights, 'd1/2/theirs': { approve: false, reject: false, why: 'judge.decided' } }
    mem.emit('workspace:changed', { kinds: ['approval'], ids: ['d1/2/theirs'] })
    await new Promise((r) => setTimeout(r, 20))
    await flushPromises()
    expect(rows()[1].find('[data-testid="approve"]').exists()).toBe(false)
    expect(rows()[1].text()).toContain('approved')
    w.unmount()
  })
})
