// What the stores hear from Go. Each store follows the events that can
// change what it holds, so a change made elsewhere (another window, an
// import, a future sync) shows without navigating.
import { api } from '../api'

// CHANGED is the generic event a sync (or any Go code that writes several
// kinds at once) emits: workspace:changed {kinds, ids}. kinds are record
// kinds ("dossier", "assessment", "visit", …); ids the records or
// dossiers concerned. Missing lists mean "anything may have changed".
export const CHANGED = 'workspace:changed'

export interface Changed {
  kinds?: string[]
  ids?: string[]
}

// What a follower learns once its burst of events is over: the ids
// named, or all = true when some event did not say which.
export interface Heard {
  ids: Set<string>
  all: boolean
}

// ANY among a follower's kinds hears workspace:changed whatever it names
// (the conflicts: a sync of any kind may bring one).
export const ANY = '*'

let delay = 150

// setFollowDelay sets how long a burst of events is gathered before the
// stores refresh (tests use 0).
export function setFollowDelay(ms: number) {
  delay = ms
}

// follow calls fn once a burst of the events, or of workspace:changed
// naming one of kinds, is over. An event whose data is a string is taken
// as the id concerned (dossier:saved "id"); an empty one says nothing.
export function follow(events: string[], kinds: string[], fn: (h: Heard) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let heard: Heard = { ids: new Set(), all: false }
  const hear = (ids: string[] | null) => {
    if (ids === null || ids.length === 0) heard.all = true
    else for (const id of ids) heard.ids.add(id)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const h = heard
      heard = { ids: new Set(), all: false }
      fn(h)
    }, delay)
  }
  const offs: (() => void)[] = []
  try {
    for (const e of events) offs.push(api().on(e, (data) => hear(typeof data === 'string' && data ? [data] : null)))
    offs.push(api().on(CHANGED, (data) => {
      const c = (data ?? {}) as Changed
      if (c.kinds && c.kinds.length && !kinds.includes(ANY) && !c.kinds.some((k) => kinds.includes(k))) return
      hear(c.ids ?? null)
    }))
  } catch {
    /* no Wails runtime (a unit test without a double) */
  }
  return () => {
    clearTimeout(timer)
    offs.forEach((f) => f())
  }
}

// concerns says whether what was heard may touch id: named, or a record
// under it ("<dossier id>/…", as proposals and snapshots are keyed).
export function concerns(h: Heard, id: string): boolean {
  if (h.all || h.ids.has(id)) return true
  for (const x of h.ids) if (x.startsWith(id + '/')) return true
  return false
}
