// An idle timer: calls onIdle once nothing counted as activity happened for
// the given minutes (read each tick, so a settings change applies at once;
// 0 never fires). Activity is reported with touch().
export function idleTimer(minutes: () => number, onIdle: () => void, opts: { tickMs?: number; now?: () => number } = {}) {
  const now = opts.now ?? Date.now
  let last = now()
  let fired = false
  const id = setInterval(() => {
    const m = minutes()
    if (m > 0 && !fired && now() - last > m * 60_000) {
      fired = true
      onIdle()
    }
  }, opts.tickMs ?? 5_000)
  return {
    touch() {
      last = now()
      fired = false
    },
    stop() {
      clearInterval(id)
    },
  }
}
