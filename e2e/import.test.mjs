// Bringing the firm's customer list in and taking it out again, end to
// end in the app: a 500-row sheet written the way real ones look (a title
// merged over the columns, an export line, blank rows, Chinese headers,
// date serials and text dates, full-width digits, a totals row) is
// previewed and imported; imported again it creates nothing; an edited
// copy merges its changes into the same dossiers; the list is exported to
// Excel and read back.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, browser, cli, fill, menu, shot, startXvfb, unlock } from './lib.mjs'

const PASS = 'ningbo export 2026 import'
const data = join(import.meta.dirname, 'testdata')
let x, app, br, page, saveDir

before(async () => {
  x = await startXvfb()
  saveDir = mkdtempSync(join(tmpdir(), 'credence-xlsx-'))
  process.env.CREDENCE_SAVE_DIR = saveDir // the app answers save dialogs with this folder
  app = new App(x.display)
  cli(app, PASS, 'init', '--firm', '宁波海港进出口有限公司', '--user', '李雷', '--lang', 'zh-CN')
  await app.start()
  br = await browser()
  page = await br.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })
  await unlock(page, app, PASS)
})

after(async () => {
  await br?.close()
  await app?.stop()
  x?.stop()
})

// importFile reads a file through the typed path, checks what the preview
// says would happen, imports, and returns the sentence of the result.
async function importFile(file, wouldSay) {
  await fill(page, 'imp-path', join(data, file))
  await page.click('[data-testid="imp-path-go"]')
  const summary = page.locator('[data-testid="imp-summary"]')
  await summary.waitFor({ timeout: 60000 })
  assert.match(await summary.innerText(), wouldSay)
  await shot(page, `import-preview-${file.replace(/\.xlsx$/, '')}`)
  await page.click('[data-testid="imp-run"]')
  const done = page.locator('[data-testid="imp-done"]')
  await done.waitFor({ timeout: 120000 })
  return done.innerText()
}

test('a 500-row customer sheet imported twice creates its customers once', async () => {
  await menu(page, '导入 / 导出')
  await page.locator('[data-testid="import-view"]').waitFor()

  let said = await importFile('customers-500.xlsx', /共500行：新客户500个，并入已有客户0个/)
  assert.match(said, /已导入500行：新客户500个，合并0个，无变化0行，略过0行/)
  await shot(page, 'import-first')

  said = await importFile('customers-500.xlsx', /共500行：新客户0个，并入已有客户0个，已存在500行/)
  assert.match(said, /新客户0个，合并0个，无变化500行/)

  // The firm corrected three phone numbers in its sheet: merged, not added.
  said = await importFile('customers-500-edited.xlsx', /新客户0个，并入已有客户3个，已存在497行/)
  assert.match(said, /新客户0个，合并3个，无变化497行/)
  await shot(page, 'import-merged')
})

test('the customer list goes out to Excel and reads back', async () => {
  await page.click('[data-testid="imp-export"]')
  await page.locator('.n-message', { hasText: '已写入' }).waitFor({ timeout: 60000 })
  const files = readdirSync(saveDir).filter((f) => f.endsWith('.xlsx'))
  assert.equal(files.length, 1)
  // Read the workbook back with Python's zipfile: 500 customers plus the
  // frozen header row, headers in Chinese, the capital stored as a number.
  const py = `
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read('xl/worksheets/sheet1.xml').decode()
strings = z.read('xl/sharedStrings.xml').decode() if 'xl/sharedStrings.xml' in z.namelist() else ''
print(len(re.findall(r'<row ', sheet)), 'frozen' if 'state="frozen"' in sheet else 'loose', '客户名称' in sheet + strings,
      bool(re.search(r'<c r="R2"[^>]*><v>[0-9.]+</v>', sheet)))
`
  const out = execFileSync('python3', ['-c', py, join(saveDir, files[0])]).toString().trim()
  assert.equal(out, '501 frozen True True')
})
