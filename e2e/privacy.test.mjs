// Erasure end to end: a credit manager erases one contact person of a
// customer in the real app; the dialog says what happens and takes the
// reason; afterwards the contact is gone from the contacts tab and a
// tombstone there (and in the history tab) says who erased, when and why —
// never who was erased. The CLI then finds the tombstone, and the person
// nowhere in a subject-access search.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, browser, cli, fill, menu, shot, startXvfb, unlock } from './lib.mjs'

const PASS = 'hamburg lighting 2026 privacy'
let x, app, br, page, id, saveDir

before(async () => {
  x = await startXvfb()
  saveDir = mkdtempSync(join(tmpdir(), 'credence-sar-'))
  process.env.CREDENCE_SAVE_DIR = saveDir // the app answers save dialogs with this folder
  app = new App(x.display)
  cli(app, PASS, 'init', '--firm', 'Ningbo Harbour Trading', '--user', 'Lei Li', '--lang', 'en')
  id = cli(app, PASS, 'dossier', 'import', join(import.meta.dirname, 'testdata', 'hansa.json')).trim()
  await app.start()
  br = await browser()
  page = await br.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en' })
})

after(async () => {
  await br?.close()
  await app?.stop()
  x?.stop()
})

test('erase a contact person and see the tombstone', async () => {
  await unlock(page, app, PASS)
  await menu(page, 'Customers')
  await fill(page, 'search', 'Hansa')
  await page.waitForTimeout(300)
  await page.locator('[data-testid="row"]').first().click()
  await page.locator('[data-testid="dossier-title"]').waitFor()
  await page.locator('.n-tabs-tab:has-text("Contacts")').click()
  await page.locator('[data-testid="contact-name-0"] input').waitFor()
  assert.equal(await page.locator('[data-testid="contact-name-0"] input').inputValue(), 'Katrin Vogel')

  await page.click('[data-testid="contact-erase-0"]')
  const dlg = page.locator('[data-testid="erase-dialog"]')
  await dlg.waitFor()
  const says = await dlg.innerText()
  assert.match(says, /Erase the contact person Katrin Vogel/)
  assert.match(says, /every other computer at its next sync/, 'the dialog says the erasure travels')
  assert.match(says, /backups made before now/, 'the dialog says what is out of reach')
  assert.ok(await page.locator('[data-testid="erase-confirm"]').isDisabled(), 'no erasure without a reason')
  await fill(page, 'erase-reason', 'She asked us to delete her data (GDPR art. 17)')
  await shot(page, 'pv-01-erase-dialog')
  await page.click('[data-testid="erase-confirm"]')
  await dlg.waitFor({ state: 'hidden' })

  const tomb = page.locator('[data-testid="tombstone-contact"]').first()
  await tomb.waitFor()
  const text = await tomb.innerText()
  assert.match(text, /Lei Li erased a contact person/)
  assert.match(text, /She asked us to delete her data/)
  assert.doesNotMatch(text, /Katrin|Vogel/, 'the tombstone never says who')
  const names = await page.locator('[data-testid^="contact-name-"] input').evaluateAll((els) => els.map((e) => e.value))
  assert.deepEqual(names, ['Jonas Brandt', 'Mia Koch'])
  await shot(page, 'pv-02-tombstone')

  await page.locator('.n-tabs-tab:has-text("History")').click()
  await page.locator('[data-testid="history"]').waitFor()
  await page.locator('[data-testid="tombstone-contact"]').last().waitFor()
  const hist = await page.locator('[data-testid="history"]').innerText()
  assert.doesNotMatch(hist, /Katrin|Vogel/, 'history holds no trace of her')
  await shot(page, 'pv-03-history')
})

test('Settings → Privacy lists the erasure and exports a subject access', async () => {
  await menu(page, 'Settings')
  const card = page.locator('[data-testid="privacy-card"]')
  await card.scrollIntoViewIfNeeded()
  await card.locator('[data-testid="tombstone-contact"]').waitFor()
  await fill(page, 'subject-name', 'Jonas Brandt')
  await page.click('[data-testid="subject-export"]')
  await page.locator('.n-message').filter({ hasText: 'places in 1 customer files' }).waitFor()
  await shot(page, 'pv-04-privacy-card')
  const [folder] = readdirSync(saveDir)
  assert.match(folder, /^subject-access-\d{4}-\d{2}-\d{2}$/)
  const sar = readFileSync(join(saveDir, folder, 'subject-access.json'), 'utf8')
  assert.match(sar, /Jonas Brandt/)
  assert.doesNotMatch(sar, /Katrin|Vogel/)
})

test('the CLI sees the tombstone and finds her nowhere', async () => {
  await br.close()
  br = null
  await app.stop()
  const es = JSON.parse(cli(app, PASS, 'erasures', '--json'))
  assert.equal(es.length, 1)
  assert.equal(es[0].what, 'contact')
  assert.equal(es[0].dossier_id, id)
  assert.equal(es[0].by_name, 'Lei Li')
  const show = cli(app, PASS, 'dossier', 'show', id)
  assert.doesNotMatch(show, /Katrin|Vogel/)
  const found = cli(app, PASS, 'subject', 'export', '--name', 'Katrin Vogel', '--out', join(app.dir, 'sar'))
  assert.match(found, /^0 places/)
  assert.doesNotMatch(readFileSync(join(app.dir, 'sar', 'subject-access.json'), 'utf8'), /"dossier_id"/)
})
