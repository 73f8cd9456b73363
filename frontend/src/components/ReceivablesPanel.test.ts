import { describe, expect, it, afterEach } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '../i18n'
import { memoryReceivables, setReceivablesApi, type Alert } from '../api/receivables'
import ReceivablesPanel from './ReceivablesPanel.vue'
import AlertsView from '../views/AlertsView.vue'

const day = (n: number) => new Date(Date.now() + n * 864e5).toISOString().slice(0, 10)

function mountIn(c: unknown, props: Record<string, unknown> = {}) {
  const Host = defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(c as never, props) }) })
  // jsdom has no canvas: the charts are left out, the figures beside them are read.
  return mount(Host, { global: { plugins: [i18n], stubs: { VChart: true, echarts: true } }, attachTo: document.body })
}

afterEach(() => setReceivablesApi(null))

const overdue: Alert = { id: 'd1/overdue/INV-9', dossier_id: 'd1', name: 'Lumière Import GmbH', rule: 'overdue', severity: 'critical',
  en: 'Invoice INV-9 is 95 days overdue: 25,000.00 USD open (rule: over 30 days).', zh: '发票INV-9已逾期95天。' }

describe('ReceivablesPanel', () => {
  it('shows the open invoices by age, the alerts, and keeps a promise to pay in the log', async () => {
    setActivePinia(createPinia())
    setLocale('en')
    const m = memoryReceivables()
    m.alertList.push({ ...overdue })
    await m.saveInvoice('d1', { id: '', number: 'INV-9', issue_date: day(-125), due_date: day(-95), amount: 25000, currency: 'USD' })
    await m.saveInvoice('d1', { id: '', number: 'INV-10', issue_date: day(-10), due_date: day(20), amount: 5000, currency: 'USD' })
    setReceivablesApi(m)
    const w = mountIn(ReceivablesPanel, { id: 'd1' })
    await flushPromises()
    const text = w.text()
    expect(text).toContain('95 days overdue')
    expect(text).toContain('Overdue 25,000 USD, longest 95 days')
    expect(text).toContain('Invoice INV-9 is 95 days overdue')
    expect(w.findAll('[data-testid="ar-alert"]').length).toBe(1)

    const note = w.find('[data-testid="ar-entry-note"] input')
    await note.setValue('CFO will pay next week')
    await w.find('[data-testid="ar-add-entry"]').trigger('click')
    await flushPromises()
    expect(w.text()).toContain('CFO will pay next week')
    w.unmount()
  })
})

describe('AlertsView', () => {
  it('records an open order typed in by hand, its amount as people write it', async () => {
    setActivePinia(createPinia())
    setLocale('en')
    const m = memoryReceivables()
    await m.saveInvoice('d1', { id: '', number: 'INV-9', issue_date: day(-40), due_date: day(-10), amount: 8000, currency: 'USD' })
    const sent: string[] = []
    m.saveOrder = async (_d, o) => { sent.push(`order ${o.number} ${o.amount}`); return o }
    setReceivablesApi(m)
    const w = mountIn(ReceivablesPanel, { id: 'd1' })
    await flushPromises()
    await w.find('[data-testid="ar-ord-number"] input').setValue('PO-77')
    const orderAmount = w.find('[data-testid="ar-ord-amount"] input')
    await orderAmount.trigger('focus')
    await orderAmount.setValue('12,500')
    await w.find('[data-testid="ar-add-order"]').trigger('click')
    await flushPromises()
    expect(sent).toContain('order PO-77 12500')
    w.unmount()
  })

  it('lists the alerts with what triggered them and marks one handled with its note', async () => {
    setActivePinia(createPinia())
    setLocale('zh-CN')
    const m = memoryReceivables()
    m.alertList.push({ ...overdue })
    setReceivablesApi(m)
    const w = mountIn(AlertsView)
    await flushPromises()
    expect(w.text()).toContain('发票INV-9已逾期95天。')
    expect(w.text()).toContain('逾期')
    await w.find('[data-testid="board-note"] input').setValue('已约定分期付款')
    await w.find('[data-testid="board-handled"]').trigger('click')
    await flushPromises()
    expect(m.acted).toEqual([{ id: overdue.id, action: 'handled', note: '已约定分期付款' }])
    expect(w.findAll('[data-testid="board-alert"]').length).toBe(0)
    w.unmount()
  })
})

describe('AlertsView rules', () => {
  it('edits the early-warning rules', async () => {
    setActivePinia(createPinia())
    setLocale('en')
    const m = memoryReceivables()
    setReceivablesApi(m)
    const w = mountIn(AlertsView)
    await flushPromises()
    await w.find('[data-testid="ar-rules"] .n-collapse-item__header-main').trigger('click')
    await flushPromises()
    const input = w.find('[data-testid="rule-overdue"] input')
    await input.setValue('45')
    await input.trigger('blur')
    await w.find('[data-testid="rules-save"]').trigger('click')
    await flushPromises()
    expect(m.rulesValue.overdue_days).toBe(45)
    w.unmount()
  })
})

describe('AlertsView import', () => {
  it('dry-runs an export and lists the customers no dossier matched for review', async () => {
    setActivePinia(createPinia())
    setLocale('en')
    const m = memoryReceivables()
    m.importPage = {
      fields: [],
      result: { file: 'ageing.xlsx', encoding: 'xlsx', headers: [], mapping: {}, rows: 8, skipped: 6, added: 6, updated: 0, known: 0, credits: 1,
        dossiers: { d1: 6 }, unmatched: [{ code: '0103', name: '未知客户有限公司', rows: 2, amount: 7000, lines: [12, 13] }], errors: [], written: false },
    }
    setReceivablesApi(m)
    const w = mountIn(AlertsView)
    await flushPromises()
    const header = w.findAll('.n-collapse-item__header-main').find((x) => x.text().includes('Import an accounting export'))!
    await header.trigger('click')
    await flushPromises()
    await w.find('[data-testid="board-path"] input').setValue('/tmp/ageing.xlsx')
    await w.find('[data-testid="board-preview"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="board-import-result"]').text()).toContain('8 rows: 6 new invoices')
    expect(w.find('[data-testid="unmatched"]').text()).toContain('0103 未知客户有限公司: 2 rows, 7,000 open')
    w.unmount()
  })
})
