// Bringing the firm's customer list in and taking it out again, end to
// end in the app: a 500-row sheet written the way real ones look (a title
// merged over the columns, an export line, blank rows, Chinese headers,
// date serials and text dates, full-width digits, a totals row) is
// previewed and imported; imported again it creates nothing; an edited
// copy merges its changes into the same dossiers; the list is exported to
// Excel and read back; a sheet of thousands of new customers is imported
// while the app runs, and the app and the CLI open the result; customers
// left unscreened when the app closed are screened at the next unlock.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, isAbsolute, join } from 'node:path'
import { App, browser, cli, fill, menu, root, shot, startXvfb, unlock } from './lib.mjs'

const PASS = 'ningbo export 2026 import'
const data = join(import.meta.dirname, 'testdata')
let x, app, br, page, saveDir

before(async () => {
  x = await startXvfb()
  saveDir = mkdtempSync(join(tmpdir(), 'credence-xlsx-'))
  process.env.CREDENCE_SAVE_DIR = saveDir // the app answers save dialogs with this folder
  app = new App(x.display)
  cli(app, PASS, 'init', '--firm', '宁波海港进出口有限公司', '--user', '李雷', '--lang', 'zh-CN')
  cli(app, PASS, 'lists', 'import', join(root, 'testdata', 'sanctions', 'us-csl-sample.csv'))
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

// generatedSheet is a customer list from another system: count customers
// the CLI generates in a workspace of its own, exported to Excel. run runs
// the CLI on that workspace.
function generatedSheet(count, seed) {
  const scratch = mkdtempSync(join(tmpdir(), 'credence-sheet-'))
  const bin = join(root, 'build', 'bin', 'credence')
  const env = { ...process.env, CREDENCE_PASSPHRASE: `scratch workspace ${count}` }
  const run = (...args) => execFileSync(bin, ['--dir', join(scratch, 'ws'), ...args], { env, maxBuffer: 64 << 20 }).toString()
  run('init', '--firm', 'Scratch', '--user', 'Gen', '--lang', 'zh-CN')
  run('generate', '--count', String(count), '--seed', String(seed))
  const sheet = join(scratch, `customers-${count}.xlsx`)
  run('dossier', 'list', '--limit', String(count + 1000), '--xlsx', sheet, '--lang', 'zh-CN')
  return { sheet, run }
}

// importFile reads a file through the typed path, checks what the preview
// says would happen, imports (leaving out rows with problems when skip),
// and returns the sentence of the result.
async function importFile(file, wouldSay, skip = false) {
  await fill(page, 'imp-path', isAbsolute(file) ? file : join(data, file))
  await page.click('[data-testid="imp-path-go"]')
  const summary = page.locator('[data-testid="imp-summary"]')
  await summary.waitFor({ timeout: 60000 }).catch(async (e) => {
    await shot(page, `import-preview-failed-${basename(file)}`)
    throw e
  })
  assert.match(await summary.innerText(), wouldSay)
  await shot(page, `import-preview-${basename(file).replace(/\.xlsx$/, '')}`)
  if (skip) await page.click('[data-testid="imp-skip"]')
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

// A list of thousands goes around the database's write path: it is written
// as a new database beside the open one, which it replaces while the app
// runs (store.BulkCreate, 2 000 new customers or more). The sheet comes
// from another workspace the CLI generated and exported.
test('a 5 000-row sheet of thousands of new customers is imported while the app runs, and the app goes on', async () => {
  const { sheet, run } = generatedSheet(5000, 7)

  await menu(page, '导入 / 导出')
  await page.locator('[data-testid="import-view"]').waitFor()
  // The generated names repeat (one Thai name 62 times): rows that would
  // make a customer with more phones than one holds are left out.
  const said = await importFile(sheet, /共5000行：新客户\d+个/, true)
  const made = Number(said.match(/新客户(\d+)个/)[1])
  assert.ok(made >= 2000, `only ${made} new customers: the load would not take the new-database path`)
  await shot(page, 'import-5000')

  // The list counts them all; a customer from the sheet is found.
  await menu(page, '客户')
  await page.locator('[data-testid="customer-table"]').waitFor()
  await page.getByText(`共 ${500 + made} 个`).waitFor({ timeout: 15000 })
  // One from the middle of the sheet, so that the list's first row (by
  // name) is not it before the search applies.
  const rows = JSON.parse(run('dossier', 'list', '--limit', '6000', '--json')).rows
  const name = rows[Math.floor(rows.length / 2)].name
  assert.notEqual(name, rows[0].name)
  await fill(page, 'search', name)
  // Rows the import merged keep one of their names ("Ltd" and "Limited"
  // are one customer): the name's first words are what must show.
  const words = name.split(' ').slice(0, 2).join(' ')
  await page.locator('[data-testid="row"]').first().filter({ hasText: words }).waitFor({ timeout: 10000 }).catch(async (e) => { await shot(page, 'import-5000-notfound'); throw e })
  await shot(page, 'import-5000-found')

  // The app closes the new database cleanly; the CLI opens it, counts
  // every customer and writes one more; the app, started again, lists it.
  await app.stop()
  assert.match(cli(app, PASS, 'dossier', 'list', '--limit', '1'), new RegExp(`1 of ${500 + made} shown`))
  cli(app, PASS, 'dossier', 'add', '--name', 'After The Big Import Ltd', '--country', 'GB')
  // Customers stored without a screening, as the import's would be had the
  // app closed before its background screening finished: the CLI's
  // generator does not screen.
  const before = JSON.parse(cli(app, PASS, 'dossier', 'list', '--limit', '20000', '--json')).rows
  const ids = new Set(before.map((r) => r.id))
  const names = new Set(before.map((r) => r.name))
  cli(app, PASS, 'generate', '--count', '30', '--seed', '11')
  const unscreened = JSON.parse(cli(app, PASS, 'dossier', 'list', '--limit', '20000', '--json')).rows.find((r) => !ids.has(r.id) && !names.has(r.name))
  assert.ok(unscreened, 'no generated customer with a name of its own')
  await app.start()
  await unlock(page, app, PASS)
  await menu(page, '客户')
  await page.getByText(`共 ${500 + made + 31} 个`).waitFor({ timeout: 15000 })
  await shot(page, 'import-5000-restarted')

  // The unlock resumed the screening in the background: the list shows a
  // customer stored unscreened as screened.
  await fill(page, 'search', unscreened.name)
  // The search applied: a few rows (a name's words may match other
  // customers' aliases), the customer's among them, not the first page.
  await page.waitForFunction((name) => {
    const rows = [...document.querySelectorAll('[data-testid="row"]')]
    return rows.length < 20 && rows.some((r) => r.innerText.includes(name))
  }, unscreened.name, { timeout: 10000 })
  const row = page.locator('[data-testid="row"]').filter({ hasText: unscreened.name })
  await row.locator('[data-testid^="screening-"]:not([data-testid="screening-unscreened"])').waitFor({ timeout: 30000 })
    .catch(async (e) => { await shot(page, 'import-5000-unscreened'); throw e })
  await shot(page, 'import-5000-screened-after-restart')
})

// A large list shows how far the import is, and the person can stop it:
// the window names the phase (reading, comparing, writing) with a bar and
// a Cancel button; cancelled while writing, it says how many customers
// were written before the cancel, and the list holds exactly those more.
test('a 20 000-row import shows its progress and stops at Cancel, keeping what it wrote', async () => {
  const { sheet } = generatedSheet(20000, 23)

  await menu(page, '客户')
  await fill(page, 'search', '') // the test before searched for one customer
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="row"]').length >= 20, null, { timeout: 15000 })
  const before = Number((await page.getByText(/^共 \d+ 个$/).first().innerText()).match(/\d+/)[0])

  await menu(page, '导入 / 导出')
  await page.locator('[data-testid="import-view"]').waitFor()
  await fill(page, 'imp-path', sheet)
  await page.click('[data-testid="imp-path-go"]')
  await page.locator('[data-testid="imp-summary"]').waitFor({ timeout: 120000 })
  await page.click('[data-testid="imp-skip"]') // as above: the generated names repeat
  await page.click('[data-testid="imp-run"]')
  // The writing phase, with its bar: then Cancel.
  const phase = page.locator('[data-testid="imp-phase"][data-phase="write"]')
  await phase.waitFor({ timeout: 120000 }).catch(async (e) => { await shot(page, 'import-cancel-nophase'); throw e })
  assert.match(await phase.innerText(), /^正在写入：[\d,]+ \/ [\d,]+$/)
  await phase.scrollIntoViewIfNeeded()
  await shot(page, 'import-cancel-writing')
  await page.click('[data-testid="imp-cancel"]')
  const stopped = page.locator('[data-testid="imp-stopped"]')
  await stopped.waitFor({ timeout: 120000 }).catch(async (e) => { await shot(page, 'import-cancel-nostop'); throw e })
  const said = await stopped.innerText()
  await stopped.scrollIntoViewIfNeeded()
  await shot(page, 'import-cancel-stopped')
  const m = said.match(/导入已取消：取消前已写入新客户(\d+)个、更新(\d+)个/)
  assert.ok(m, `the sentence: ${said}`)
  const made = Number(m[1])
  assert.ok(made > 0 && made < 20000, `${made} written before the cancel`)
  assert.equal(await page.locator('[data-testid="imp-progress"]').count(), 0)
  assert.equal(await page.locator('[data-testid="imp-done"]').count(), 0)

  await menu(page, '客户')
  await page.getByText(`共 ${before + made} 个`).waitFor({ timeout: 15000 })
    .catch(async (e) => { await shot(page, 'import-cancel-count'); throw e })
})
