// The Devices page: each device's signed role, and the warning about
// changes to people or roles another device made beyond its role, until
// someone has read it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { i18n, setLocale } from '../i18n'
import { setApi } from '../api'
import { memoryApi } from '../api/memory'
import type { DeviceRow, SyncStatus } from '../api/types'
import DevicesView from './DevicesView.vue'

const base: SyncStatus = {
  configured: true, server: 'https://10.0.0.5:8443', fingerprint: 'AB:CD', device_name: "Ann's laptop", role: 'admin',
  pending: 0, pending_more: false, running: false, skew_seconds: 0, skew_warning: false, refused: [],
}
const rows: DeviceRow[] = [
  { id: 'a', name: "Ann's laptop", role: 'admin', added: '2026-11-01T09:00:00Z', this_device: true, granted: 'admin' },
  { id: 'b', name: "Bob's PC", role: 'sales', added: '2026-11-02T09:00:00Z', this_device: false, granted: 'sales' },
  { id: 'c', name: 'New tablet', role: 'credit_manager', added: '2026-11-30T09:00:00Z', this_device: false, granted: '' },
]

let acknowledged = 0
function mountDevices(refused: SyncStatus['refused']) {
  const mem = memoryApi()
  let status: SyncStatus = { ...base, refused }
  mem.syncStatus = async () => status
  mem.syncDevices = async () => rows
  mem.syncAcknowledgeRefused = async () => { acknowledged++; status = { ...base, refused: [] }; return status }
  setApi(mem)
  const Host = defineComponent({
    render: () => h(NMessageProvider, null, { default: () => h(NDialogProvider, null, { default: () => h(DevicesView) }) }),
  })
  return mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
}

let w: ReturnType<typeof mountDevices> | null = null
beforeEach(() => { setActivePinia(createPinia()); setLocale('en'); acknowledged = 0 })
afterEach(() => { w?.unmount(); w = null; document.body.innerHTML = '' })

describe('devices', () => {
  it('shows each device’s signed role, and no warning when nothing was refused', async () => {
    w = mountDevices([])
    await flushPromises()
    expect(w.find('[data-testid="granted-Bob\'s PC"]').text()).toBe('Sales, signed by an admin')
    expect(w.find('[data-testid="granted-New tablet"]').text()).toBe('Not signed yet')
    expect(w.find('[data-testid="sync-refused"]').exists()).toBe(false)
  })

  it('says which device tried beyond its role until someone has read it', async () => {
    w = mountDevices([{ device: "Bob's PC", count: 2, last: '2026-11-30T10:00:00Z' }])
    await flushPromises()
    const alert = w.find('[data-testid="sync-refused"]')
    expect(alert.exists()).toBe(true)
    expect(alert.text()).toContain("Bob's PC: 2 changes to people or roles refused")
    await w.find('[data-testid="sync-refused-ack"]').trigger('click')
    await flushPromises()
    expect(acknowledged).toBe(1)
    expect(w.find('[data-testid="sync-refused"]').exists()).toBe(false)
  })

  it('says one change in the singular', async () => {
    w = mountDevices([{ device: "Bob's PC", count: 1, last: '2026-11-30T10:00:00Z' }])
    await flushPromises()
    expect(w.find('[data-testid="sync-refused"]').text()).toContain("Bob's PC: 1 change to people or roles refused, written")
  })

  it('speaks Chinese too', async () => {
    setLocale('zh-CN')
    w = mountDevices([{ device: 'B 仓库', count: 1, last: '2026-11-30T10:00:00Z' }])
    await flushPromises()
    expect(w.find('[data-testid="sync-refused"]').text()).toContain('B 仓库：1 项人员或角色更改被拒绝，写于')
    expect(w.find('[data-testid="granted-Bob\'s PC"]').text()).toBe('业务员（管理员已签署）')
  })
})
