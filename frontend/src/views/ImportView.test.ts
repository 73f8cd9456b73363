import { describe, expect, it, afterEach } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '../i18n'
import { setApi } from '../api'
import { memoryApi } from '../api/memory'
import { setImportsApi, type CustomerResult, type ImportsApi, type Mapping, type PreviewPage } from '../api/imports'
import ImportView from './ImportView.vue'

const result = (written: boolean, errors = true): CustomerResult => ({
  file: 'list.xlsx', encoding: 'xlsx', headers: ['客户名称', '国家'], mapping: { legal_name: '客户名称', country: '国家' },
  rows: 40, skipped: 2, created: written ? ['a', 'b'] : ['', '', ''], merged: ['m'], unchanged: 36,
  errors: errors ? [{ line: 7, field: 'country', value: 'Atlantis', key: 'err.rowCountry', params: { line: '7', field: 'country', value: 'Atlantis' }, message: 'unknown country "Atlantis"' }] : [],
  written,
})

// A double of app/imports.go: a 40-row list with one bad country.
function double(): ImportsApi & { imported: { mapping: Mapping; skip: boolean } | null; previews: (Mapping | null)[] } {
  const d = {
    imported: null as { mapping: Mapping; skip: boolean } | null,
    previews: [] as (Mapping | null)[],
    async pickFile() { return '/tmp/list.xlsx' },
    async preview(_p: string, _t: string, m: Mapping | null): Promise<PreviewPage> {
      d.previews.push(m)
      return {
        file: 'list.xlsx', encoding: 'xlsx', header_line: 4, headers: ['序号', '客户名称', '国家'],
        rows: [{ line: 5, cells: ['1', 'Müller GmbH', '德国'] }, { line: 6, cells: ['2', '华通实业', 'CN'] }],
        fields: [{ key: 'legal_name', kind: 'text', required: true, synonyms: [] }, { key: 'country', kind: 'text', required: false, synonyms: [] }],
        mapping: m ?? { legal_name: '客户名称', country: '国家' }, customers: result(false),
      }
    },
    async mappings() { return [] },
    async saveMapping() {},
    async importCustomers(_p: string, mapping: Mapping, skip: boolean) {
      d.imported = { mapping, skip }
      return result(true)
    },
    async cancelScreening() {},
    async cancelImport() {},
    async importTrade(): Promise<never> { throw new Error('not here') },
    async importReceivables(): Promise<never> { throw new Error('not here') },
    async trade() { return { has: false, figures: {} as never } },
    async exportList() { return '/tmp/out.xlsx' },
    async exportDossier() { return '' },
  }
  return d
}

function mountView() {
  const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(ImportView) }) })
  return mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
}

afterEach(() => setImportsApi(null))

describe('ImportView', () => {
  it('previews the mapping and what would happen, lists bad rows, and imports the good ones only when asked', async () => {
    setActivePinia(createPinia())
    setApi(memoryApi())
    setLocale('en')
    const d = double()
    setImportsApi(d)
    const w = mountView()
    await flushPromises()
    await w.find('[data-testid="imp-pick"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="imp-file"]').text()).toContain('header on line 4')
    expect(w.find('[data-testid="imp-summary"]').text()).toContain('40 rows: 3 new customers, 1 merged into existing ones, 36 already known, 1 with problems.')
    expect(w.find('[data-testid="imp-errors"]').text()).toContain('Line 7: “Atlantis” is not a country we know')
    expect(w.find('[data-testid="imp-preview"]').text()).toContain('Müller GmbH')
    // One bad row: the import waits until the person chooses to leave it out.
    expect(w.find('[data-testid="imp-run"]').attributes('disabled')).toBeDefined()
    await w.find('[data-testid="imp-skip"]').trigger('click')
    await w.find('[data-testid="imp-run"]').trigger('click')
    await flushPromises()
    expect(d.imported).toEqual({ mapping: { legal_name: '客户名称', country: '国家' }, skip: true })
    expect(w.findAll('[data-testid="imp-done"]').length).toBe(1)
    expect(w.find('[data-testid="imp-done"]').text()).toContain('2 new customers, 1 merged')
    w.unmount()
  })

  it('shows how far an import is and, cancelled, says what Go kept', async () => {
    setActivePinia(createPinia())
    const mem = memoryApi()
    setApi(mem)
    setLocale('en')
    const d = double()
    let cancelled = false
    let finish: (e: Error) => void = () => {}
    d.importCustomers = () => new Promise((_, reject) => { finish = reject })
    d.cancelImport = async () => { cancelled = true }
    setImportsApi(d)
    const w = mountView()
    await flushPromises()
    await w.find('[data-testid="imp-pick"]').trigger('click')
    await flushPromises()
    await w.find('[data-testid="imp-skip"]').trigger('click')
    await w.find('[data-testid="imp-run"]').trigger('click')
    await flushPromises()
    mem.emit('import:progress', { phase: 'read', done: 12000, total: 0 })
    await flushPromises()
    expect(w.find('[data-testid="imp-phase"]').text()).toBe('Reading the file: 12,000 rows so far')
    mem.emit('import:progress', { phase: 'write', done: 3000, total: 40000 })
    await flushPromises()
    expect(w.find('[data-testid="imp-phase"]').text()).toBe('Writing: 3,000 of 40,000')
    expect(w.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('7')
    await w.find('[data-testid="imp-cancel"]').trigger('click')
    await flushPromises()
    expect(cancelled).toBe(true)
    // Go's answer: cancelled after part was written.
    finish(new Error(JSON.stringify({ code: 'invalid', key: 'err.importCancelledPart', params: { created: '3000', merged: '0' }, message: 'import cancelled after 3000 new and 0 merged customers were written' })))
    await flushPromises()
    expect(w.find('[data-testid="imp-progress"]').exists()).toBe(false)
    expect(w.find('[data-testid="imp-stopped"]').text()).toContain('cancelled after 3000 new customers and 0 updates were written')
    expect(w.find('[data-testid="imp-done"]').exists()).toBe(false)
    w.unmount()
  })

  it('says the row problems in Chinese', async () => {
    setActivePinia(createPinia())
    setApi(memoryApi())
    setLocale('zh-CN')
    setImportsApi(double())
    const w = mountView()
    await flushPromises()
    await w.find('[data-testid="imp-pick"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="imp-errors"]').text()).toContain('第7行：“Atlantis”不是可识别的国家')
    expect(w.find('[data-testid="imp-summary"]').text()).toContain('新客户3个')
    w.unmount()
    setLocale('en')
  })
})
