import { describe, expect, it, afterEach } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NMessageProvider } from 'naive-ui'
import { i18n, setLocale } from '../i18n'
import { setPrivacyApi, type PrivacyApi, type RetentionItem } from '../api/privacy'
import { useWorkspace } from '../stores/workspace'
import RetentionPrompt from './RetentionPrompt.vue'

// A double of app/privacy.go with one customer due.
function double(years: number): PrivacyApi & { ran: string[][] } {
  const due: RetentionItem[] = [{ dossier_id: 'd1', name: 'Old Archived Ltd', archived_at: '2019-03-01T09:00:00Z' }]
  const d = {
    ran: [] as string[][],
    eraseContact: async () => { throw new Error('not here') },
    eraseDossier: async () => { throw new Error('not here') },
    erasures: async () => [],
    retention: async () => ({ years }),
    setRetention: async () => {},
    retentionPreview: async () => due,
    runRetention: async (ids: string[]) => {
      d.ran.push(ids)
      return []
    },
    subjectExport: async () => ({ dir: '', files: null, places: 0, found: 0 }),
  }
  return d
}

async function unlockWith(d: PrivacyApi) {
  setPrivacyApi(d)
  const pinia = createPinia()
  setActivePinia(pinia)
  const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(RetentionPrompt) }) })
  const w = mount(Host, { global: { plugins: [i18n, pinia] }, attachTo: document.body })
  const ws = useWorkspace()
  ws.status = { exists: true, unlocked: true, dir: '/w', language: 'en', firm: 'F', user: 'U', idle_lock: 0, device: 'dev' }
  await flushPromises()
  return w
}

afterEach(() => {
  setPrivacyApi(null)
  document.body.innerHTML = ''
})

describe('RetentionPrompt', () => {
  it('shows what is due on unlock and erases only when confirmed', async () => {
    setLocale('en')
    const d = double(5)
    const w = await unlockWith(d)
    const card = document.querySelector('[data-testid="retention-prompt"]')
    expect(card?.textContent).toContain('more than 5 years ago')
    expect(card?.textContent).toContain('Old Archived Ltd')
    expect(d.ran).toEqual([]) // never silent
    ;(document.querySelector('[data-testid="retention-erase"]') as HTMLElement).click()
    await flushPromises()
    expect(d.ran).toEqual([['d1']])
    w.unmount()
  })

  it('asks nothing when the policy is off', async () => {
    setLocale('zh-CN')
    const d = double(0)
    const w = await unlockWith(d)
    expect(document.querySelector('[data-testid="retention-prompt"]')).toBeNull()
    expect(d.ran).toEqual([])
    w.unmount()
  })
})
