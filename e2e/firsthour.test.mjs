// The first hour of a new user, in Chinese, as a person would walk it:
// create the workspace, be told to import the sanctions lists, import one
// through the real file dialog of the real window, capture a buyer at a
// fair, capture it again (and be warned it is on file), decide its hit,
// approve a limit as a one-person firm, and export the boss's portfolio
// with the customer in it. On every screen, no visible Chinese string
// holds a developer's token (snake_case words, colon codes).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, browser, fill, menu, sanctionsData, shot, startXvfb } from './lib.mjs'

const PASS = 'first hour at the canton fair 2026'
let x, app, br, page, saveDir

before(async () => {
  x = await startXvfb()
  saveDir = mkdtempSync(join(tmpdir(), 'credence-firsthour-'))
  process.env.CREDENCE_SAVE_DIR = saveDir // save dialogs answered with this folder
  app = await new App(x.display).start()
  br = await browser()
  page = await br.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
})

after(async () => {
  await br?.close()
  await app?.stop()
  x?.stop()
})

// noDeveloperWords fails when the visible text of the page holds a token
// only a developer would write: snake_case words or colon-coded values.
// What the interface quotes verbatim from outside (a list entry's remarks,
// marked data-quote) is the source's own words and is left out.
async function noDeveloperWords(where) {
  const text = await page.evaluate(() => {
    const body = document.body.cloneNode(true)
    body.querySelectorAll('[data-quote]').forEach((e) => e.remove())
    document.body.appendChild(Object.assign(body, { style: 'position:absolute;left:-99999px' }))
    const t = body.innerText
    body.remove()
    return t
  })
  const bad = [...text.matchAll(/\b[a-z]+_[a-z_]+\b|\b[a-z_]{3,}:[A-Za-z0-9/,.]+/g)].map((m) => m[0])
  assert.deepEqual(bad, [], `${where}: developer words on screen: ${bad.join(', ')}`)
}

// chooseInFileDialog answers the real window's native file dialog as a
// person would: wait for it, type the path, press Enter.
async function chooseInFileDialog(title, path) {
  const env = { ...process.env, DISPLAY: x.display }
  let id = ''
  for (let i = 0; i < 60 && !id; i++) {
    try {
      id = execFileSync('xdotool', ['search', '--name', title], { env }).toString().trim().split('\n').pop()
    } catch {
      await page.waitForTimeout(250)
    }
  }
  assert.ok(id, `the file dialog "${title}" opened`)
  await page.waitForTimeout(500)
  execFileSync('xdotool', ['windowfocus', '--sync', id], { env })
  execFileSync('xdotool', ['key', '--window', id, 'ctrl+l'], { env })
  await page.waitForTimeout(300)
  execFileSync('xdotool', ['type', '--delay', '15', path], { env })
  await page.waitForTimeout(300)
  execFileSync('xdotool', ['key', 'Return'], { env })
}

async function capture({ name, country, email, phone, contact }) {
  await menu(page, '展会快速录入')
  await fill(page, 'q-name', name)
  await page.locator('[data-testid="q-country"]').click()
  await page.keyboard.type(country)
  await page.keyboard.press('Enter')
  await fill(page, 'q-email', email)
  await fill(page, 'q-phone', phone)
  await fill(page, 'q-contact', contact)
}

test('the first hour: lists, two captures of one buyer, a decided hit, an approval, the portfolio', async () => {
  // Create the workspace.
  await page.goto(app.url)
  await page.locator('[data-testid="setup-firm"]').waitFor()
  await fill(page, 'setup-firm', '宁波海港进出口有限公司')
  await fill(page, 'setup-user', '韩梅梅')
  await fill(page, 'setup-pass', PASS)
  await fill(page, 'setup-confirm', PASS)
  await page.click('[data-testid="setup-create"]')
  await page.locator('[data-testid="nav"]').waitFor()

  // The dashboard says what to do next, with the official pages.
  await menu(page, '工作台')
  await page.locator('[data-testid="next-lists"]').waitFor()
  assert.match(await page.locator('[data-testid="next-lists"]').innerText(), /OFAC[\s\S]*联合国/)
  await page.locator('[data-testid="backup-due"]').waitFor()
  await noDeveloperWords('dashboard')
  await shot(page, 'fh-01-next-steps')

  // Import the UN list through the real window's file dialog.
  await menu(page, '制裁名单')
  await page.click('[data-testid="import-file"]')
  await chooseInFileDialog('选择制裁名单文件', join(sanctionsData, 'un-consolidated.xml'))
  await page.locator('[data-testid="lists"]:has-text("联合国")').waitFor({ timeout: 30000 })
  await noDeveloperWords('lists')
  await shot(page, 'fh-02-list-imported')

  // Capture a buyer at the fair: its name is on the UN list.
  const buyer = { name: 'Congomet Trading House', country: 'CD', email: 'sales@congomet-trading.com', phone: '+243 81 555 1234', contact: 'Jean Mukendi' }
  await capture(buyer)
  await page.locator('[data-testid="q-hit"]').first().waitFor({ timeout: 5000 })
  await noDeveloperWords('quick capture')
  await page.click('[data-testid="q-save"]')
  await page.locator('[data-testid="hit"]').first().waitFor({ timeout: 10000 })
  await noDeveloperWords('red flags')

  // The same buyer captured again, by a colleague's spelling: warned, and
  // the existing customer opens instead of a second dossier.
  await capture({ ...buyer, name: 'CONGOMET TRADING HOUSE SARL', email: 'info@congomet-trading.com', contact: '' })
  await page.locator('[data-testid="dup-warning"]').waitFor({ timeout: 5000 })
  const warning = await page.locator('[data-testid="dup-warning"]').innerText()
  assert.match(warning, /Congomet Trading House/)
  assert.match(warning, /名称相同|域名相同/)
  await noDeveloperWords('duplicate warning')
  await shot(page, 'fh-03-duplicate-warned')
  await page.locator('[data-testid="dup-open"]').first().click()
  await page.locator('[data-testid="dossier-title"]:has-text("Congomet Trading House")').waitFor()

  // Decide the hit, comparing what the list says.
  await page.locator('.n-tabs-tab:has-text("风险提示")').click()
  for (let i = 0; i < 5 && (await page.locator('[data-testid="decide"]').count()) > 0; i++) {
    const undecided = page.locator('[data-testid="hit"]').filter({ hasText: '待判定' })
    if ((await undecided.count()) === 0) break
    await undecided.first().locator('[data-testid="decide"]').click()
    await page.locator('[data-testid="entry-details"]').waitFor()
    assert.match(await page.locator('[data-testid="entry-details"]').innerText(), /CONGOMET/i)
    assert.ok(await page.locator('[data-testid="decide-save"]').isDisabled(), 'no verdict is chosen for the person')
    if (i === 0) {
      await page.waitForTimeout(500) // the dialog's fade-in, for the screenshot
      await noDeveloperWords('decision dialog')
      await shot(page, 'fh-04-decide')
    }
    await page.locator('[data-testid="verdict-fp"]').click()
    await fill(page, 'decide-reason', '不同公司：我们的客户在金沙萨注册于 2019 年，与名单中的实体地址和股东均不符')
    await page.click('[data-testid="decide-save"]')
    await page.waitForTimeout(600)
  }
  await page.locator('[data-testid="hit"] .n-timeline-item').first().waitFor()

  // A one-person firm approves its own proposals, and says so.
  await menu(page, '设置')
  await page.locator('[data-testid="single-approver"]').click()
  await page.click('[data-testid="policy-save"]')
  await page.locator('.n-message').first().waitFor()
  await menu(page, '客户')
  await fill(page, 'search', 'Congomet')
  await page.waitForTimeout(400)
  assert.equal(await page.locator('[data-testid="row"]').count(), 1, 'one dossier for the buyer captured twice')
  await page.locator('[data-testid="row"]').first().click()
  await page.locator('.n-tabs-tab:has-text("评估与审批")').click()
  await page.click('[data-testid="run-assessment"]')
  await page.locator('[data-testid="grade"]').waitFor()
  await page.click('[data-testid="propose"]')
  const mine = page.locator('[data-testid="proposal"]').first()
  await mine.locator('[data-testid="decision-comment"] input').fill('一人公司：自行审批，预付货款')
  await mine.locator('[data-testid="approve"]').click()
  await page.locator('[data-testid="self-approved"]').waitFor()
  await noDeveloperWords('assessment')
  await shot(page, 'fh-05-self-approved')

  // The list says where the customer stands.
  await menu(page, '客户')
  await fill(page, 'search', 'Congomet')
  await page.waitForTimeout(400)
  const row = await page.locator('[data-testid="row"]').first().innerText()
  assert.match(row, /无命中|命中待核查/)
  await noDeveloperWords('customer list')
  await shot(page, 'fh-06-list-standing')

  // The boss's portfolio holds the customer.
  await fill(page, 'search', '')
  await page.click('[data-testid="export-pdf"]')
  await page.locator('.n-checkbox:has-text("完成后打开")').click()
  await page.click('[data-testid="export-go"]')
  await page.locator('.n-message:has-text("报告已保存")').last().waitFor({ timeout: 30000 })
  const pdf = readdirSync(saveDir).find((f) => f.endsWith('.pdf'))
  assert.ok(pdf, 'the portfolio PDF was written')
  const text = execFileSync('pdftotext', ['-layout', join(saveDir, pdf), '-']).toString()
  assert.match(text, /Congomet Trading House/, 'the approved customer is in the portfolio')
})

test('two dossiers of one buyer are merged from the customer list', async () => {
  // A colleague saved the buyer twice despite the warning.
  for (const email of ['buyer@nordlicht-handel.de', 'einkauf@nordlicht-handel.de']) {
    await capture({ name: 'Nordlicht Handel GmbH', country: 'DE', email, phone: '+49 40 1234 5678', contact: 'Jonas Brandt' })
    await page.click('[data-testid="q-save"]')
    await page.locator('[data-testid="dossier-title"]').waitFor()
  }
  await menu(page, '客户')
  await fill(page, 'search', 'Nordlicht')
  await page.waitForTimeout(500)
  assert.equal(await page.locator('[data-testid="row"]').count(), 2)
  for (const box of await page.locator('[data-testid="row"] .n-checkbox').all()) await box.click()
  await page.click('[data-testid="merge-selected"]')
  await page.click('[data-testid="merge-go"]')
  await page.locator('.n-message:has-text("已合并")').last().waitFor()
  await page.waitForTimeout(500)
  assert.equal(await page.locator('[data-testid="row"]').count(), 1, 'one customer after the merge')
  await page.locator('[data-testid="row"]').first().click()
  await page.locator('[data-testid="f-email-1"] input').waitFor()
  const emails = await page.locator('[data-testid^="f-email-"] input').evaluateAll((els) => els.map((e) => e.value))
  assert.deepEqual(emails.sort(), ['buyer@nordlicht-handel.de', 'einkauf@nordlicht-handel.de'])
  await shot(page, 'fh-07-merged')
})
