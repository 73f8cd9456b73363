import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '../i18n'
import { setApi } from '../api'
import { memoryApi } from '../api/memory'
import ScreeningView from './ScreeningView.vue'

describe('ScreeningView', () => {
  it('says why a re-screen failed instead of calling it done, and says when one is done or cancelled', async () => {
    setActivePinia(createPinia())
    const mem = memoryApi()
    setApi(mem)
    setLocale('en')
    const Host = defineComponent({
      render: () => h(NMessageProvider, null, { default: () => h(NDialogProvider, null, { default: () => h(ScreeningView) }) }),
    })
    const w = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()

    mem.emit('screening:done', { new_hits: 0, cancelled: false, error: JSON.stringify({ code: 'locked', key: 'err.locked', message: 'the workspace is locked' }) })
    await flushPromises()
    expect(document.body.textContent).toContain('The workspace is locked; unlock it first.')
    expect(document.body.textContent).not.toContain('Re-screening done')

    mem.emit('screening:done', { new_hits: 2, cancelled: false, error: '' })
    await flushPromises()
    expect(document.body.textContent).toContain('Re-screening done: 2 new hits.')
    mem.emit('screening:done', { new_hits: 0, cancelled: true, error: '' })
    await flushPromises()
    expect(document.body.textContent).toContain('Re-screening cancelled; what was done is kept.')
    w.unmount()
  })
})
