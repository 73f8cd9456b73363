import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { idleTimer } from './idle'

describe('idleTimer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('fires once after the idle minutes, and again only after new activity', () => {
    const onIdle = vi.fn()
    const t = idleTimer(() => 10, onIdle)
    vi.advanceTimersByTime(9 * 60_000)
    t.touch() // someone moved the mouse
    vi.advanceTimersByTime(9 * 60_000)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(2 * 60_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(30 * 60_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
    t.touch()
    vi.advanceTimersByTime(11 * 60_000)
    expect(onIdle).toHaveBeenCalledTimes(2)
    t.stop()
  })

  it('never fires with 0 minutes, and follows a changed setting', () => {
    const onIdle = vi.fn()
    let minutes = 0
    const t = idleTimer(() => minutes, onIdle)
    vi.advanceTimersByTime(120 * 60_000)
    expect(onIdle).not.toHaveBeenCalled()
    minutes = 1
    vi.advanceTimersByTime(10_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
    t.stop()
  })
})
