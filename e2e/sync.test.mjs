// Sync between two computers, end to end (issue 13): a real
// credence-server on loopback; app A connects to it from its Devices page
// and invites a credit manager (a code as text and as a QR code); app B,
// a fresh install, joins from its first screen with that code; a customer
// captured on A shows on B's open list after a sync, without navigating;
// a limit proposed on A is approved on B and the signature is valid on
// both; a same-field edit on both computers is a conflict, resolved.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import net from 'node:net'
import { App, browser, cli, fill, menu, root, shot, startXvfb, unlock } from './lib.mjs'

const PASS_A = 'hamburg lighting 2026 credit'
const PASS_B = 'ningbo harbour 2026 approvals'
let x, server, a, b, br, pa, pb, serverURL, code

async function freePort() {
  return new Promise((res) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)) })
  })
}

// startServer runs build/bin/credence-server and waits for the line that
// says where it listens.
async function startServer() {
  const port = await freePort()
  const p = spawn(join(root, 'build', 'bin', 'credence-server'),
    ['--data', mkdtempSync(join(tmpdir(), 'credence-server-')), '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  await new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`the server did not start: ${out}`)), 20000)
    p.stdout.on('data', (d) => { out += d; if (out.includes('fingerprint')) { clearTimeout(t); res() } })
    p.on('exit', (c) => rej(new Error(`the server exited ${c}: ${out}`)))
  })
  p.stderr.resume()
  return { url: `https://127.0.0.1:${port}`, out, stop: () => p.kill() }
}

before(async () => {
  x = await startXvfb()
  server = await startServer()
  serverURL = server.url
  a = new App(x.display)
  cli(a, PASS_A, 'init', '--firm', '宁波海港进出口有限公司', '--user', '李雷', '--lang', 'zh-CN')
  cli(a, PASS_A, 'dossier', 'import', join(import.meta.dirname, 'testdata', 'hansa.json'))
  b = new App(x.display)
  await a.start()
  await b.start()
  br = await browser()
  pa = await br.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })
  pb = await br.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })
})

after(async () => {
  await br?.close()
  await a?.stop()
  await b?.stop()
  server?.stop()
  x?.stop()
})

// syncNow clicks the header's button and waits for its note; a failure
// fails the test with the sentence the person read.
async function syncNow(page) {
  // The notes of earlier steps go first, so that the one read is this sync's.
  await page.locator('.n-message').first().waitFor({ state: 'detached', timeout: 15000 })
  await page.click('[data-testid="sync-now"]')
  const note = page.locator('.n-message').first()
  await note.waitFor({ timeout: 30000 }).catch(async (e) => { await shot(page, 'sy-failed-sync'); throw e })
  const text = await note.innerText()
  assert.match(text, /同步完成/, `sync failed: ${text}`)
}

async function openCustomer(page, name) {
  await menu(page, '客户')
  await fill(page, 'search', name)
  await page.waitForTimeout(300)
  await page.locator('[data-testid="row"]').first().click()
  await page.locator('[data-testid="dossier-title"]').waitFor()
}

test('A sets sync up and invites; B joins from its first screen', async () => {
  await unlock(pa, a, PASS_A)
  await menu(pa, '设备与同步')
  await fill(pa, 'sync-url', serverURL)
  await fill(pa, 'sync-device-name', 'A 办公室')
  await pa.click('[data-testid="sync-connect"]')
  const fp = await pa.locator('[data-testid="sync-fingerprint"]').innerText()
  assert.match(fp, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
  assert.ok(server.out.includes(fp), 'the pinned fingerprint is the one the server printed')
  await pa.locator('[data-testid="invite-role"]').click()
  await pa.locator('.n-base-select-option:has-text("信用经理")').click()
  await pa.click('[data-testid="invite-create"]')
  code = (await pa.locator('[data-testid="invite-code"]').innerText()).trim()
  assert.match(code, /^CRD2-/)
  assert.ok(await pa.locator('[data-testid="invite-qr"]').evaluate((i) => i.complete && i.naturalWidth >= 200), 'the QR code is drawn')
  await shot(pa, 'sy-01-a-invite')

  await pb.goto(b.url)
  await pb.locator('.n-tabs-tab:has-text("加入")').click()
  await fill(pb, 'join-code', code)
  await fill(pb, 'join-firm', '宁波海港进出口有限公司')
  await fill(pb, 'join-user', '王芳')
  await fill(pb, 'join-device', 'B 仓库')
  await fill(pb, 'join-pass', PASS_B)
  await fill(pb, 'join-confirm', PASS_B)
  await shot(pb, 'sy-02-b-join')
  await pb.click('[data-testid="join-go"]')
  await pb.locator('[data-testid="nav"]').waitFor({ timeout: 30000 })
  await pb.locator('[data-testid="sync-status"]').waitFor()
  assert.match(await pb.locator('.header').innerText(), /宁波海港进出口有限公司 · 王芳/)
  await shot(pb, 'sy-03-b-joined-waiting')

  // A's next sync shares the workspace key; B's brings the customers.
  await menu(pa, '客户')
  await syncNow(pa)
  await menu(pb, '客户')
  await syncNow(pb)
  await pb.locator('[data-testid="row"]:has-text("Hansa")').waitFor({ timeout: 15000 })
  await menu(pa, '设备与同步')
  await pa.locator('[data-testid="device-list"] tr:has-text("B 仓库")').waitFor()
  assert.match(await pa.locator('[data-testid="device-list"]').innerText(), /B 仓库[\s\S]*信用经理/)
  // B's role as A's admin device signed it: what makes B's changes to
  // people and roles believable on every other computer.
  await pa.locator('[data-testid="granted-B 仓库"]').waitFor()
  assert.equal(await pa.locator('[data-testid="granted-B 仓库"]').innerText(), '信用经理（管理员已签署）')
  assert.equal(await pa.locator('[data-testid="sync-refused"]').count(), 0, 'a plain join shows refused changes')
  await shot(pa, 'sy-04-a-devices')
})

test('a customer captured on A shows on B\'s open list after a sync', async () => {
  await menu(pa, '客户')
  await pa.click('[data-testid="new-customer"]')
  await fill(pa, 'f-legal-name', '汉堡港物流有限公司')
  await fill(pa, 'f-latin-name', 'Hafen Logistik GmbH')
  await pa.click('[data-testid="save"]')
  await pa.waitForFunction(() => document.querySelector('[data-testid="dossier-title"]')?.textContent?.includes('汉堡'))
  await pa.locator('[data-testid="sync-state"]:has-text("待发送")').waitFor()
  await syncNow(pa)
  // B stays on its list: the sync's event reloads it.
  assert.equal(await pb.locator('[data-testid="row"]:has-text("Hafen")').count(), 0)
  await syncNow(pb)
  await pb.locator('[data-testid="row"]:has-text("Hafen")').waitFor({ timeout: 15000 })
  await shot(pb, 'sy-05-b-list-after-sync')
})

test('a photo added on A opens on B, the same picture', async () => {
  await openCustomer(pa, 'Hafen')
  await pa.locator('.n-tabs-tab:has-text("证据附件")').click()
  await pa.locator('[data-testid="dropzone"]').waitFor()
  await pa.evaluate(async () => {
    const c = document.createElement('canvas')
    c.width = 480
    c.height = 320
    const g = c.getContext('2d')
    g.fillStyle = '#1f5fa8'
    g.fillRect(0, 0, 480, 320)
    g.fillStyle = '#fff'
    g.font = '40px sans-serif'
    g.fillText('码头 DOCK 7', 60, 170)
    const blob = await new Promise((r) => c.toBlob(r, 'image/png'))
    const dt = new DataTransfer()
    dt.items.add(new File([blob], 'dock.png', { type: 'image/png' }))
    document.querySelector('[data-testid="dropzone"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  })
  await pa.locator('[data-testid="attachment"] img').waitFor()
  const srcA = await pa.locator('[data-testid="attachment"] img').getAttribute('src')
  await syncNow(pa)
  await syncNow(pb)
  await openCustomer(pb, 'Hafen')
  await pb.locator('.n-tabs-tab:has-text("证据附件")').click()
  const img = pb.locator('[data-testid="attachment"]:has-text("dock.png") img')
  await img.waitFor({ timeout: 15000 })
  assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth === 480), 'the photo opens on B')
  assert.equal(await img.getAttribute('src'), srcA, 'B shows the very bytes A stored')
  await shot(pb, 'sy-05b-b-photo')
})

test('a limit proposed on A is approved on B; the signature is valid on both', async () => {
  await openCustomer(pa, 'Hansa')
  await pa.locator('.n-tabs-tab:has-text("评估与审批")').click()
  await pa.click('[data-testid="run-assessment"]')
  await pa.locator('[data-testid="grade"]').waitFor()
  await pa.click('[data-testid="propose"]')
  await pa.locator('[data-testid="own-proposal"]').first().waitFor()
  await syncNow(pa)

  await syncNow(pb)
  await openCustomer(pb, 'Hansa')
  await pb.locator('.n-tabs-tab:has-text("评估与审批")').click()
  const theirs = pb.locator('[data-testid="proposal"]').filter({ hasText: '李雷' }).first()
  await theirs.waitFor({ timeout: 15000 })
  await theirs.locator('[data-testid="decision-comment"] input').fill('资料齐全')
  await theirs.locator('[data-testid="approve"]').click()
  await pb.locator('[data-testid="current-state"]').waitFor()
  assert.match(await pb.locator('[data-testid="current-state"]').innerText(), /签名有效/)
  assert.match(await pb.locator('[data-testid="current-state"]').innerText(), /王芳/)
  await shot(pb, 'sy-06-b-approved')

  await syncNow(pb)
  await syncNow(pa)
  // A shows the dossier it had open: the approval arrives without navigating.
  await pa.locator('[data-testid="current-state"]').waitFor({ timeout: 15000 })
  const state = await pa.locator('[data-testid="current-state"]').innerText()
  assert.match(state, /签名有效/)
  assert.match(state, /王芳/)
  await shot(pa, 'sy-07-a-approval-arrived')
})

test('the same field edited on both computers is a conflict, resolved', async () => {
  await openCustomer(pa, 'Hafen')
  await fill(pa, 'f-latin-name', 'Hafen Logistik GmbH & Co. KG')
  await pa.click('[data-testid="save"]')
  await pa.locator('[data-testid="save"][disabled]').waitFor()
  await openCustomer(pb, 'Hafen')
  await fill(pb, 'f-latin-name', 'Hafen Logistik AG')
  await pb.click('[data-testid="save"]')
  await pb.locator('[data-testid="save"][disabled]').waitFor()
  await syncNow(pa)
  await syncNow(pb)
  await syncNow(pa)
  let page = pb
  if ((await pb.locator('[data-testid="conflicts-badge"]').count()) === 0) page = pa
  await page.locator('[data-testid="conflicts-badge"]').waitFor({ timeout: 15000 })
  await menu(page, '冲突')
  const card = page.locator('[data-testid^="conflict-"]').filter({ has: page.locator('[data-testid="conflict-loser"]') }).first()
  await card.waitFor()
  const loser = await card.locator('[data-testid="conflict-loser"]').innerText()
  assert.match(loser, /Hafen Logistik (AG|GmbH & Co\. KG)/)
  await shot(page, 'sy-08-conflict')
  await card.locator('[data-testid="conflict-use-other"]').click()
  await page.locator('.n-message:has-text("已")').last().waitFor()
  await syncNow(page)
  const other = page === pa ? pb : pa
  await syncNow(other)
  for (const p of [pa, pb]) {
    await openCustomer(p, 'Hafen')
    assert.equal(await p.locator('[data-testid="f-latin-name"] input').inputValue(), loser, 'both computers hold the value chosen')
  }
  await shot(pb, 'sy-09-b-resolved')
})
