// The foundation, end to end: create a workspace, add a dossier with a
// Chinese name and a Latin alias, find it by each, restart the app, unlock
// (first with a wrong passphrase), and find it again.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, browser, fill, menu, shot, startXvfb } from './lib.mjs'

const PASS = 'Ningbo harbour 2026 lanterns'
let x, app, br, page

const saveDir = mkdtempSync(join(tmpdir(), 'credence-backup-'))

before(async () => {
  process.env.CREDENCE_SAVE_DIR = saveDir // the app answers save dialogs with this folder
  x = await startXvfb()
  app = await new App(x.display).start()
  br = await browser()
  page = await br.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
})

after(async () => {
  await br?.close()
  await app?.stop()
  x?.stop()
})

async function search(text) {
  await fill(page, 'search', text)
  // The list settles after the debounce and the call; wait for the text.
  await page.waitForTimeout(400)
  await page.locator('[data-testid="customer-table"] .n-data-table-base-table-body').waitFor()
  return page.locator('[data-testid="row"]')
}

test('create a workspace, add a Chinese-named customer, find it, restart, unlock, find it again', async () => {
  await page.goto(app.url)
  await page.locator('[data-testid="setup-firm"]').waitFor()
  await shot(page, '01-setup')
  await app.windowShot('01-real-window-setup', { text: 'English' }) // the setup screen's language switch
  await fill(page, 'setup-firm', '宁波海港进出口有限公司')
  await fill(page, 'setup-user', '李雷')
  await fill(page, 'setup-pass', PASS)
  await fill(page, 'setup-confirm', 'different')
  await page.click('[data-testid="setup-create"]')
  await page.locator('[data-testid="setup-error"]').waitFor()
  assert.match(await page.locator('[data-testid="setup-error"]').innerText(), /不一致/)
  await fill(page, 'setup-confirm', PASS)
  await page.click('[data-testid="setup-create"]')

  await page.click('[data-testid="new-customer"]')
  await fill(page, 'f-legal-name', '深圳市光明照明有限公司')
  await fill(page, 'f-latin-name', 'Shenzhen Guangming Lighting Co., Ltd.')
  await page.locator('[data-testid="f-aliases"] button').click()
  await page.keyboard.type('Bright Lighting')
  await page.keyboard.press('Enter')
  await page.locator('[data-testid="f-country"]').click()
  await page.keyboard.type('CN')
  await page.keyboard.press('Enter')
  await page.click('[data-testid="f-email-add"]')
  await fill(page, 'f-email-0', 'sales@gm-light.cn')
  await page.click('[data-testid="f-id-add"]')
  await fill(page, 'f-id-0', '91440300MA5F00000X')
  await shot(page, '02-new-customer')
  await page.click('[data-testid="save"]')
  await page.locator('[data-testid="tab-history"], .n-tabs-tab:has-text("修改历史")').first().waitFor()
  await page.waitForFunction(() => document.querySelector('[data-testid="dossier-title"]')?.textContent?.includes('光明'))
  await shot(page, '03-saved')

  // History shows the creation, field by field.
  await page.locator('.n-tabs-tab:has-text("修改历史")').click()
  await page.locator('[data-testid="history"] tbody tr').first().waitFor()
  const historyText = await page.locator('[data-testid="history"]').innerText()
  assert.match(historyText, /深圳市光明照明有限公司/)
  assert.match(historyText, /李雷/)
  await shot(page, '04-history')

  // Evidence: drop a licence photo on the dossier; it is stored encrypted
  // and comes back as a thumbnail.
  await page.locator('.n-tabs-tab:has-text("证据附件")').click()
  await page.locator('[data-testid="dropzone"]').waitFor()
  await page.evaluate(async () => {
    const c = document.createElement('canvas')
    c.width = 480
    c.height = 320
    const g = c.getContext('2d')
    g.fillStyle = '#c8102e'
    g.fillRect(0, 0, 480, 320)
    g.fillStyle = '#fff'
    g.font = '40px sans-serif'
    g.fillText('营业执照 LICENCE', 40, 170)
    const blob = await new Promise((r) => c.toBlob(r, 'image/png'))
    const dt = new DataTransfer()
    dt.items.add(new File([blob], 'licence.png', { type: 'image/png' }))
    document.querySelector('[data-testid="dropzone"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  })
  await page.locator('[data-testid="attachment"] img').waitFor()
  assert.match(await page.locator('[data-testid="attachment"]').innerText(), /licence\.png/)
  await shot(page, '04b-evidence')

  // A PDF (a bank reference letter) is previewed inside the window.
  await page.evaluate(async (pdf) => {
    const dt = new DataTransfer()
    dt.items.add(new File([Uint8Array.from(atob(pdf), (c) => c.charCodeAt(0))], 'bank-reference.pdf', { type: 'application/pdf' }))
    document.querySelector('[data-testid="dropzone"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  }, minimalPDF('Bank reference letter').toString('base64'))
  await page.locator('[data-testid="attachment"]:has-text("bank-reference.pdf")').waitFor()
  await page.locator('[data-testid="attachment"]:has-text("bank-reference.pdf") .thumb').click()
  await page.locator('[data-testid="pdf-preview"] canvas').waitFor({ timeout: 15000 })
  await page.waitForTimeout(500)
  await shot(page, '04c-pdf-preview')
  await page.keyboard.press('Escape')

  await page.locator('[data-testid="nav"] >> text=客户').first().click()
  for (const q of ['光明照明', 'bright LIGHTING', 'guangming', '9144 0300']) {
    const rows = await search(q)
    await assert.doesNotReject(rows.first().waitFor({ timeout: 5000 }), `search ${q}`)
    assert.equal(await rows.count(), 1, `one row for ${q}`)
    assert.match(await rows.first().innerText(), /深圳市光明照明有限公司/)
  }
  await shot(page, '05-found')
  const none = await search('没有这个客户 xyz')
  await page.waitForTimeout(300)
  assert.equal(await none.count(), 0)

  // Restart the app: the real process ends and starts again.
  await app.stop()
  await app.start()
  await page.goto(app.url)
  await page.locator('[data-testid="unlock-pass"]').waitFor()
  await fill(page, 'unlock-pass', 'not the passphrase')
  await page.click('[data-testid="unlock-go"]')
  await page.locator('[data-testid="unlock-error"]').waitFor()
  assert.match(await page.locator('[data-testid="unlock-error"]').innerText(), /口令不正确/)
  await shot(page, '06-wrong-passphrase')

  // Unlock in the real window, typing as a person would.
  await page.waitForTimeout(1500)
  app.typeInWindow(PASS, { enter: true })
  // The browser page shares the app's backend: once the window has
  // unlocked the workspace, a reload shows the list.
  for (let i = 0; i < 30; i++) {
    await page.reload()
    if (await page.locator('[data-testid="search"]').waitFor({ timeout: 1000 }).then(() => true, () => false)) break
  }
  // The real window itself shows the customer list with the row.
  await app.windowShot('07-real-window-unlocked', { text: 'Guangming Lighting' })
  const rows = await search('光明')
  await rows.first().waitFor()
  assert.equal(await rows.count(), 1)
  const rows2 = await search('Bright Lighting')
  await rows2.first().waitFor()
  assert.equal(await rows2.count(), 1)
  await shot(page, '08-found-after-restart')

  // The interface switches language at once.
  await page.locator('[data-testid="language"]').click()
  await page.locator('.n-base-select-option:has-text("English")').click()
  await page.locator('[data-testid="new-customer"]:has-text("New customer")').waitFor()
  // The picker's menu fades out after the choice: wait until it is hidden,
  // so that the picture shows the English screen, not the closing menu.
  await page.locator('.n-base-select-menu').waitFor({ state: 'hidden', timeout: 5000 })
  await shot(page, '09-english')
})

test('back up from the settings and restore on another machine', async () => {
  // The interface is in English now (the previous test switched it).
  await menu(page, 'Settings')
  await page.click('[data-testid="backup"]')
  await page.locator('.n-message:has-text("Backup written to")').last().waitFor({ timeout: 20000 })
  const file = readdirSync(saveDir).find((f) => f.endsWith('.credence-backup'))
  assert.ok(file, `a backup file in ${saveDir}`)
  await shot(page, '10-backup')

  // "Another machine": a fresh app on an empty folder restores the file.
  const other = await new App(x.display).start()
  try {
    const p2 = await br.newPage({ viewport: { width: 1280, height: 800 } })
    await p2.goto(other.url)
    await p2.locator('.n-tabs-tab:has-text("从备份恢复"), .n-tabs-tab:has-text("Restore a backup")').first().click()
    await fill(p2, 'restore-path', join(saveDir, file))
    await fill(p2, 'restore-pass', 'wrong passphrase here')
    await p2.click('[data-testid="restore-go"]')
    await p2.locator('[data-testid="restore-error"]').waitFor()
    assert.ok(!existsSync(join(other.dir, 'workspace', 'meta.json')), 'a wrong passphrase restores nothing')
    await fill(p2, 'restore-pass', PASS)
    await p2.click('[data-testid="restore-go"]')
    await p2.locator('[data-testid="search"]').waitFor({ timeout: 20000 })
    await fill(p2, 'search', '光明')
    await p2.locator('[data-testid="row"]').first().waitFor()
    assert.match(await p2.locator('[data-testid="row"]').first().innerText(), /深圳市光明照明有限公司/)
    await shot(p2, '11-restored')
    await p2.close()
  } finally {
    await other.stop()
  }
})

// minimalPDF is a one-page PDF saying text, built by hand with a correct
// cross-reference table.
function minimalPDF(text) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  const stream = `BT /F1 28 Tf 72 760 Td (${text}) Tj ET`
  objs[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`
  let out = '%PDF-1.4\n'
  const offsets = []
  objs.forEach((o, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}
