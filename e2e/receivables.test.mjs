// Receivables end to end in the app: a long-standing customer's ageing
// export (plain Chinese headers, on-time invoices a year ago, late ones
// lately, one invoice 75 days overdue) is previewed and imported on the
// customer's receivables tab; the overdue alert shows there and on the
// alert board; the customer is re-assessed and downgraded from the grade
// it had without receivables; a promise to pay goes into the collection
// log; the credit report is exported with its receivables section.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, artifacts, browser, cli, fill, menu, shot, startXvfb, unlock } from './lib.mjs'

const PASS = 'hamburg lighting 2026 receivables'
let x, app, br, page, id, before0, saveDir, csv

const day = (n) => new Date(Date.now() + n * 864e5).toISOString().slice(0, 10)

before(async () => {
  x = await startXvfb()
  saveDir = mkdtempSync(join(tmpdir(), 'credence-ar-'))
  process.env.CREDENCE_SAVE_DIR = saveDir // the app answers save dialogs with this folder
  app = new App(x.display)
  cli(app, PASS, 'init', '--firm', '宁波海港进出口有限公司', '--user', '李雷', '--lang', 'zh-CN')
  id = cli(app, PASS, 'dossier', 'import', join(import.meta.dirname, 'testdata', 'hansa.json')).trim()
  before0 = JSON.parse(cli(app, PASS, 'assess', id, '--json'))
  // The accounting system's ageing export, as plain as they come.
  let rows = '客户名称,发票号码,开票日期,到期日,金额,币种,已收金额,收款日期\n'
  for (let i = 0; i < 9; i++) {
    rows += `HANSA LICHTTECHNIK GMBH,HL-${i},${day(-400 + 30 * i)},${day(-370 + 30 * i)},"20,000.00",USD,20000,${day(-370 + 30 * i)}\n`
  }
  for (let i = 0; i < 3; i++) {
    rows += `HANSA LICHTTECHNIK GMBH,HL-L${i},${day(-130 + 10 * i)},${day(-100 + 10 * i)},"20,000.00",USD,20000,${day(-55 + 10 * i)}\n`
  }
  rows += `HANSA LICHTTECHNIK GMBH,HL-OPEN,${day(-105)},${day(-75)},"40,000.00",美元,,\n合计,,,,"280,000.00",,,\n`
  csv = join(saveDir, '应收账龄.csv')
  writeFileSync(csv, rows)
  await app.start()
  br = await browser()
  page = await br.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
})

after(async () => {
  await br?.close()
  await app?.stop()
  x?.stop()
})

test('an ageing export downgrades a slipping customer, raises its alert, and the report shows it', async () => {
  await unlock(page, app, PASS)
  await menu(page, '客户')
  await fill(page, 'search', 'Hansa')
  await page.waitForTimeout(300)
  await page.locator('[data-testid="row"]').first().click()
  await page.locator('[data-testid="dossier-title"]').waitFor()
  await page.locator('.n-tabs-tab:has-text("应收账款")').click()
  await page.locator('[data-testid="ar-empty"]').waitFor()

  await fill(page, 'ar-path', csv)
  await page.click('[data-testid="ar-path-go"]')
  const res = page.locator('[data-testid="ar-import-result"]')
  await res.waitFor({ timeout: 60000 })
  assert.match(await res.innerText(), /共13行：新增发票13张/)
  await page.click('[data-testid="ar-import-run"]')
  await page.locator('[data-testid="ar-figures"]').waitFor({ timeout: 60000 })
  assert.match(await page.locator('[data-testid="ar-figures"]').innerText(), /逾期40,000 USD，最长75天/)
  const alert = page.locator('[data-testid="ar-alert"]').filter({ hasText: 'HL-OPEN' }).first()
  await alert.waitFor()
  assert.match(await alert.innerText(), /发票HL-OPEN已逾期75天/)
  await shot(page, 'ar-01-receivables')

  // A promise to pay, for next week, goes into the collection log.
  await page.locator('[data-testid="ar-entry-kind"]').click()
  await page.locator('.n-base-select-option:has-text("付款承诺")').click()
  await fill(page, 'ar-entry-note', '财务总监电话承诺下周付清')
  await page.click('[data-testid="ar-add-entry"]')
  const entry = page.locator('[data-testid="ar-entry"]').filter({ hasText: '财务总监电话承诺下周付清' })
  await entry.waitFor()
  assert.match(await entry.innerText(), /付款承诺/)

  // Re-assessed with the receivables: downgraded, with the reasons.
  await page.locator('.n-tabs-tab:has-text("评估与审批")').click()
  await page.click('[data-testid="run-assessment"]')
  await page.locator('[data-testid="grade"]').waitFor()
  await page.waitForTimeout(500)
  const grade = await page.locator('[data-testid="grade"]').innerText()
  assert.ok(grade > before0.assessment.grade, `grade ${before0.assessment.grade} without receivables, ${grade} with them`)
  await shot(page, 'ar-02-downgraded')

  // The alert board.
  await menu(page, '预警')
  const board = page.locator('[data-testid="board-alert"]').filter({ hasText: 'HL-OPEN' }).first()
  await board.waitFor()
  await shot(page, 'ar-03-board')

  // The credit report with its receivables section.
  await page.locator('[data-testid="board-alert"] a').first().click()
  await page.locator('[data-testid="dossier-title"]').waitFor()
  await page.click('[data-testid="export-pdf"]')
  await page.click('[data-testid="export-go"]')
  let pdf
  for (let i = 0; i < 120 && !pdf; i++) {
    pdf = readdirSync(saveDir).find((f) => f.endsWith('.pdf'))
    if (!pdf) await page.waitForTimeout(500)
  }
  assert.ok(pdf, 'a PDF was written')
  const text = execFileSync('pdftotext', ['-layout', join(saveDir, pdf), '-']).toString()
  assert.match(text, /应收账款/)
  assert.match(text, /账龄（USD）/)
  assert.match(text, /HL-OPEN/)
  assert.match(text, /财务总监电话承诺下周付清/)
  execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '3', '-l', '4', join(saveDir, pdf), join(artifacts, 'ar-04-report-page')])
})
