import { describe, expect, it, afterEach } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { i18n, setLocale } from '../i18n'
import { setRefdataApi, type RefChange, type RefdataApi, type RefMeta } from '../api/refdata'
import RefDataCard from './RefDataCard.vue'

const meta = (table: string, date: string, origin: 'built-in' | 'imported' = 'built-in'): RefMeta => ({
  table, date, origin, rows: 10, source: `source of ${table}`,
})

// A double of app/refdata.go: an OECD import that moves Viet Nam 4 → 3.
function double(): RefdataApi & { imported: boolean } {
  const d = {
    imported: false,
    async tables() {
      return {
        tables: [meta('oecd', d.imported ? '2026-06-27' : '2026-01-30', d.imported ? 'imported' : 'built-in'), meta('fatf', '2026-06-19')],
        importable: ['oecd', 'fatf'],
        can_import: true,
      }
    },
    async country(code: string) {
      return {
        code, name_en: 'Germany', name_zh: '德国', oecd: 'HI', oecd_date: '2026-01-30', oecd_origin: 'built-in',
        fatf: '' as const, fatf_date: '2026-06-19', fatf_origin: 'built-in', oecd_text: 'High-income', fatf_text: '', names_source: 'CLDR 47',
      }
    },
    async importFromDialog(table: string): Promise<RefChange> {
      d.imported = true
      return { table, before: meta(table, '2026-01-30'), after: meta(table, '2026-06-27', 'imported'), added: null, removed: null, changed: ['VN 4 → 3'] }
    },
    async forget(table: string): Promise<RefChange> {
      d.imported = false
      return { table, before: meta(table, '2026-06-27', 'imported'), after: meta(table, '2026-01-30'), added: null, removed: null, changed: ['VN 3 → 4'] }
    },
  }
  return d
}

function mountCard() {
  const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(RefDataCard) }) })
  return mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
}

afterEach(() => setRefdataApi(null))

describe('RefDataCard', () => {
  it('lists the tables with date and source, and shows what an import changed', async () => {
    setLocale('en')
    const d = double()
    setRefdataApi(d)
    const w = mountCard()
    await flushPromises()
    const oecd = w.find('[data-test="refdata-row-oecd"]')
    expect(oecd.text()).toContain('OECD country risk')
    expect(oecd.text()).toContain('2026-01-30')
    expect(oecd.text()).toContain('source of oecd')
    await w.find('[data-test="refdata-import"]').trigger('click')
    await flushPromises()
    await nextTick()
    expect(w.find('[data-test="refdata-change"]').text()).toContain('Changed: VN 4 → 3')
    expect(w.find('[data-test="refdata-row-oecd"]').text()).toContain('2026-06-27')
    expect(w.find('[data-test="refdata-row-oecd"]').text()).toContain('Imported')
    w.unmount()
  })

  it('says an unclassified high-income country in Chinese without "category 0"', async () => {
    setLocale('zh-CN')
    setRefdataApi(double())
    const w = mountCard()
    await flushPromises()
    const card = w.findComponent(RefDataCard)
    // Look up through the handler the country select calls.
    await (card.vm as unknown as { lookUp: (c: string) => Promise<void> }).lookUp('DE')
    await flushPromises()
    const res = w.find('[data-test="refdata-country-result"]')
    expect(res.text()).toContain('德国')
    expect(res.text()).toContain('未分类（高收入国家）')
    expect(res.text()).not.toContain('第0类')
    w.unmount()
  })
})
