// Helpers to run the real Credence app under Xvfb and drive it: the app is
// the dev build of the real binary (same Go code, same frontend bundle),
// which opens its real window and also serves the frontend with the Go
// bindings bridged on a loopback port, where Chromium (Debian's package,
// driven by playwright-core) can reach it.
import { spawn, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import net from 'node:net'
import { chromium } from 'playwright-core'

export const root = resolve(import.meta.dirname, '..')
export const artifacts = join(root, 'e2e', 'artifacts')
mkdirSync(artifacts, { recursive: true })

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
    s.on('error', rej)
  })
}

async function waitPort(port, ms = 30000) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    const ok = await new Promise((res) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); res(true) })
      c.on('error', () => res(false))
    })
    if (ok) return
    await sleep(100)
  }
  throw new Error(`nothing listens on ${port} after ${ms} ms`)
}

// startXvfb starts a virtual display on a free display number.
export async function startXvfb() {
  for (let n = 90 + Math.floor(Math.random() * 50); n < 200; n++) {
    const p = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' })
    await sleep(500)
    if (p.exitCode === null) return { display: `:${n}`, stop: () => p.kill() }
  }
  throw new Error('no free X display')
}

// App is one run of the app on a workspace folder.
export class App {
  constructor(display, dir) {
    this.display = display
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'credence-e2e-'))
  }

  async start() {
    this.port = await freePort()
    this.proc = spawn(join(root, 'build', 'bin', 'credence-dev'),
      ['-devserver', `127.0.0.1:${this.port}`, '-assetdir', join(root, 'frontend', 'dist'), '-loglevel', 'Warning'],
      { env: { ...process.env, DISPLAY: this.display, CREDENCE_DIR: join(this.dir, 'workspace'), GSETTINGS_BACKEND: 'memory' }, stdio: ['ignore', 'inherit', 'inherit'] })
    this.exited = new Promise((res) => this.proc.on('exit', res))
    await waitPort(this.port)
    this.url = `http://127.0.0.1:${this.port}/`
    return this
  }

  // stop closes the app as a person would (the window's close), falling
  // back to SIGKILL; kill=true pulls the plug at once.
  async stop(kill = false) {
    if (!this.proc || this.proc.exitCode !== null) return
    this.proc.kill(kill ? 'SIGKILL' : 'SIGTERM')
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000)
    await this.exited
    clearTimeout(t)
  }

  // windowShot saves a screenshot of the real window's screen once it
  // shows what the step claims: never blank (a picture of a few colours is
  // an empty screen), and, with text, once OCR reads that text on it. It
  // throws when the screen does not get there in time, so a screenshot can
  // never prove less than its name says.
  async windowShot(name, { text = [], timeout = 20000, minColors = 40 } = {}) {
    const file = join(artifacts, `${name}.png`)
    const env = { ...process.env, DISPLAY: this.display }
    const want = (Array.isArray(text) ? text : [text]).map(norm)
    const end = Date.now() + timeout
    let colors = 0
    let seen = ''
    for (;;) {
      execFileSync('import', ['-window', 'root', file], { env })
      colors = Number(execFileSync('convert', [file, '-format', '%k', 'info:']).toString().trim())
      if (colors >= minColors) {
        if (!want.length) return file
        seen = norm(ocr(file))
        // OCR may break a line anywhere: every word must be read, in any order.
        if (want.every((w) => w.split(' ').every((word) => seen.includes(word)))) return file
      }
      if (Date.now() > end) {
        throw new Error(`the real window never showed ${want.length ? JSON.stringify(want) : 'anything'} (${colors} colours; OCR read: ${seen.slice(0, 300)})`)
      }
      await sleep(500)
    }
  }

  // typeInWindow focuses the real window and types, as a person at the keyboard.
  typeInWindow(text, { enter = false } = {}) {
    const env = { ...process.env, DISPLAY: this.display }
    const ids = execFileSync('xdotool', ['search', '--name', 'Credence'], { env }).toString().trim().split('\n')
    const id = ids[ids.length - 1]
    execFileSync('xdotool', ['windowfocus', '--sync', id], { env })
    execFileSync('xdotool', ['type', '--delay', '30', text], { env })
    if (enter) execFileSync('xdotool', ['key', 'Return'], { env })
  }
}

// norm folds text for comparing what OCR read with what was expected.
const norm = (s) => s.toLowerCase().replace(/\s+/g, ' ').trim()

// ocr reads the Latin text of a screenshot (Debian's tesseract), scaled up
// because the window's small interface text is hard for it; sparse-text
// mode, since a window is scattered labels, not a page of prose.
function ocr(file) {
  const big = file.replace(/\.png$/, '.ocr.png')
  execFileSync('convert', [file, '-resize', '200%', '-colorspace', 'Gray', big])
  try {
    return execFileSync('tesseract', [big, '-', '-l', 'eng', '--psm', '11'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()
  } finally {
    try { unlinkSync(big) } catch {}
  }
}

// browser launches Debian's Chromium for the bridge.
export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--lang=zh-CN'],
  })
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false })
}

// fill types into a Naive UI input found by its data-testid.
export async function fill(page, testid, text) {
  const input = page.locator(`[data-testid="${testid}"] input, [data-testid="${testid}"] textarea`).first()
  await input.click()
  await input.fill(text)
}

// cli runs the command-line tool on the app's workspace, as a clerk with a
// script would (the app must not have the workspace open). Arguments
// before the command (--user NAME) are global flags; a trailing object
// adds to the environment (CREDENCE_NEW_PASSPHRASE for `people add`).
export function cli(app, passphrase, ...args) {
  const extra = typeof args.at(-1) === 'object' ? args.pop() : {}
  return execFileSync(join(root, 'build', 'bin', 'credence'), ['--dir', join(app.dir, 'workspace'), ...args], {
    env: { ...process.env, CREDENCE_PASSPHRASE: passphrase, ...extra },
    maxBuffer: 64 << 20, // a list of thousands as JSON
  }).toString()
}

export const sanctionsData = resolve(root, 'testdata', 'sanctions')

// unlock types the passphrase on the unlock screen in the browser page.
// When several people can unlock, the screen asks who first: who is the
// name to pick there.
export async function unlock(page, app, passphrase, who) {
  await page.goto(app.url)
  await page.locator('[data-testid="unlock-pass"]').waitFor()
  if (who) {
    await page.locator('[data-testid="unlock-who"]').getByText(who, { exact: true }).click()
  }
  await fill(page, 'unlock-pass', passphrase)
  await page.click('[data-testid="unlock-go"]')
  await page.locator('[data-testid="nav"]').waitFor()
}

// menu clicks a navigation entry by its label.
export async function menu(page, label) {
  await page.locator(`[data-testid="nav"] >> text=${label}`).first().click()
}
