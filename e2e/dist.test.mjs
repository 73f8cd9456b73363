// Issue 18 in the app: the version from git in the command-line tool, and
// "try with sample data" on the first-start screen, which opens a
// throw-away workspace of invented customers (one of them a sanctions hit)
// without touching the user's own workspace folder.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { App, browser, fill, menu, root, shot, startXvfb } from './lib.mjs'

let x, app, br, page

before(async () => {
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

test('the command-line tool carries the version from git', () => {
  const out = execFileSync(join(root, 'build', 'bin', 'credence'), ['version']).toString()
  assert.match(out, /^Credence \d+\.\d+\.\d+\S* \(linux\/amd64, go/)
  // The same base as git says now (the commit count may have moved on in a
  // shared tree since the binary was built).
  const base = execFileSync(join(root, 'scripts', 'dist', 'version.sh')).toString().trim().split('+')[0]
  assert.ok(out.startsWith(`Credence ${base}`), `credence version says ${out}; git says ${base}`)
})

test('the About box shows the version and where the workspace goes', async () => {
  await page.goto(app.url)
  await page.click('[data-testid="setup-about"]')
  const version = page.locator('[data-testid="about-version"]')
  await version.waitFor()
  assert.match(await version.innerText(), /^\d+\.\d+\.\d+/)
  assert.equal(await page.locator('[data-testid="about-workspace"]').innerText(), join(app.dir, 'workspace'))
  await shot(page, 'dist-00-about')
  await page.keyboard.press('Escape')
})

test('try with sample data opens a filled throw-away workspace', async () => {
  await page.goto(app.url)
  await page.locator('[data-testid="setup-sample"]').waitFor()
  await page.click('[data-testid="setup-sample"]')
  await page.locator('[data-testid="nav"]').waitFor({ timeout: 30000 })
  await shot(page, 'dist-01-sample-opened')

  // The customer list holds the sample's customers, the listed one among them.
  await menu(page, '客户')
  await fill(page, 'search', 'Gulf Gate')
  await page.waitForTimeout(600)
  const rows = page.locator('[data-testid="row"]')
  await rows.first().waitFor()
  assert.equal(await rows.count(), 1)
  assert.match(await rows.first().innerText(), /Gulf Gate Shipping/)
  // screened on opening: a hit to decide, not "not screened"
  await rows.first().locator('[data-testid="screening-pending"]').waitFor()
  await fill(page, 'search', '照明')
  await page.waitForTimeout(600)
  assert.match(await rows.first().innerText(), /深圳市光明照明有限公司/)
  await shot(page, 'dist-02-sample-customers')

  // The user's own workspace folder was never created.
  assert.equal(existsSync(join(app.dir, 'workspace', 'MANIFEST')), false)

  const about = await page.evaluate(() => window.go.app.AboutService.About())
  assert.equal(about.sample, true)
})

test('leaving the sample returns to the first-start screen', async () => {
  // (the About box's button makes this call once Settings shows the box)
  const st = await page.evaluate(() => window.go.app.AboutService.LeaveSample())
  assert.equal(st.exists, false)
  await page.goto(app.url)
  await page.locator('[data-testid="setup-sample"]').waitFor()
})
