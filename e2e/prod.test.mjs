// The production build, as `make run` starts it: the window opens on a
// fresh workspace's first-start screen, fast. The startup trace gives the
// cold-start time (process start to the frontend's first call).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { artifacts, root, startXvfb } from './lib.mjs'

test('the production app opens its window on a fresh encrypted workspace', async () => {
  const x = await startXvfb()
  const dir = mkdtempSync(join(tmpdir(), 'credence-prod-'))
  const p = spawn(join(root, 'build', 'bin', 'credence-app'), [], {
    env: { ...process.env, DISPLAY: x.display, CREDENCE_DIR: join(dir, 'workspace'), CREDENCE_TRACE_STARTUP: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  p.stdout.on('data', (d) => (log += d))
  p.stderr.on('data', (d) => (log += d))
  try {
    const deadline = Date.now() + 20000
    while (!/startup: window asked for status (\d+) ms/.test(log) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    const m = log.match(/startup: window asked for status (\d+) ms/)
    assert.ok(m, `no startup trace; the app said:\n${log}`)
    console.log(`cold start: ${m[1]} ms to the frontend's first call`)
    await new Promise((r) => setTimeout(r, 1500))
    execFileSync('import', ['-window', 'root', join(artifacts, 'prod-01-first-start.png')], { env: { ...process.env, DISPLAY: x.display } })
    assert.equal(p.exitCode, null, 'the app is still running')
  } finally {
    p.kill('SIGTERM')
    x.stop()
  }
})
