// Red flags in seconds: the trade-show quick capture flags a sanctioned
// name, a free-mail address and a phone from another country as the
// salesperson types; saving makes a dossier whose screening hits a person
// decides; the lists page re-screens the book.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { App, browser, cli, fill, menu, sanctionsData, shot, startXvfb, unlock } from './lib.mjs'

const PASS = 'trade show 2026 canton fair'
let x, app, br, page

before(async () => {
  x = await startXvfb()
  app = new App(x.display)
  cli(app, PASS, 'init', '--firm', '宁波海港进出口有限公司', '--user', '韩梅梅', '--lang', 'zh-CN')
  cli(app, PASS, 'lists', 'import', join(sanctionsData, 'ofac-sdn'))
  cli(app, PASS, 'lists', 'import', join(sanctionsData, 'un-consolidated.xml'))
  await app.start()
  br = await browser()
  page = await br.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
})

after(async () => {
  await br?.close()
  await app?.stop()
  x?.stop()
})

test('quick capture flags a listed buyer as it is typed, and the hit is decided on the dossier', async () => {
  await unlock(page, app, PASS)
  await menu(page, '展会快速录入')
  await fill(page, 'q-name', 'Huaxin Shipping (Hong Kong) Limited')
  await page.locator('[data-testid="q-country"]').click()
  await page.keyboard.type('HK')
  await page.keyboard.press('Enter')
  await fill(page, 'q-email', 'captain.wang@gmail.com')
  const typed = Date.now()
  await fill(page, 'q-phone', '+86 21 5555 1234')
  // Red flags appear within a blink of the last keystroke.
  await page.locator('[data-testid="q-hit"]').first().waitFor({ timeout: 3000 })
  await page.locator('[data-testid="flag"]:has-text("电话")').first().waitFor({ timeout: 3000 })
  console.log(`quick capture: first flags ${Date.now() - typed} ms after typing (includes building the lists index)`)
  // Correct the phone to a Hong Kong number: the mismatch flag goes away.
  const t0 = Date.now()
  await fill(page, 'q-phone', '+852 2555 1234')
  await page.locator('[data-testid="flag"]:has-text("电话国家")').waitFor({ state: 'detached', timeout: 3000 })
  console.log(`quick capture: flags updated ${Date.now() - t0} ms after the phone was corrected (80 ms of it is the typing debounce)`)
  await fill(page, 'q-phone', '+86 21 5555 1234')
  await page.locator('[data-testid="flag"]:has-text("电话国家")').first().waitFor({ timeout: 3000 })
  const hits = await page.locator('[data-testid="q-hit"]').allInnerTexts()
  assert.ok(hits.some((h) => /HUAXIN SHIPPING HONGKONG LTD/.test(h)), hits.join('\n'))
  const flags = await page.locator('[data-testid="q-flags"]').innerText()
  assert.match(flags, /制裁/)
  await shot(page, 'rf-01-quick-capture')
  await app.windowShot('rf-01-real-window', { text: 'Credence' })

  await page.click('[data-testid="q-save"]')
  await page.locator('[data-testid="hit"]').first().waitFor({ timeout: 10000 })
  assert.ok((await page.locator('[data-testid="hit"]').count()) >= 1)
  await shot(page, 'rf-02-dossier-flags')

  // Decide the first hit as a false positive, with the reason.
  await page.locator('[data-testid="decide"]').first().click()
  await page.locator('[data-testid="verdict-fp"]').click()
  await fill(page, 'decide-reason', '不同公司：我们的客户是香港贸易公司，IMO 号不符')
  await page.click('[data-testid="decide-save"]')
  await page.locator('[data-testid="hit"] .n-timeline-item').first().waitFor()
  const decided = await page.locator('[data-testid="hit"]').first().innerText()
  assert.match(decided, /误报/)
  assert.match(decided, /韩梅梅/)
  assert.match(decided, /IMO 号不符/)
  await shot(page, 'rf-03-decided')

  // The lists page: both lists with their age; re-screen the whole book.
  await menu(page, '制裁名单')
  await page.locator('[data-testid="lists"] tbody tr').nth(1).waitFor()
  const lists = await page.locator('[data-testid="lists"]').innerText()
  assert.match(lists, /OFAC SDN/)
  assert.match(lists, /联合国安理会/)
  assert.match(lists, /8976/)
  await page.click('[data-testid="rescreen"]')
  await page.locator('.n-message:has-text("重新筛查完成")').last().waitFor({ timeout: 30000 })
  const alerts = await page.locator('[data-testid="alerts"]').innerText()
  assert.match(alerts, /Huaxin Shipping/i)
  await shot(page, 'rf-04-lists')
})
