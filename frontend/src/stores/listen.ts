import { useConflicts } from './conflicts'
import { useCredit } from './credit'
import { useDossiers } from './dossiers'
import { usePeople } from './people'
import { useReceivables } from './receivables'
import { useScreening } from './screening'
import { useSync } from './sync'
import { useVisits } from './visits'
import { useWorkspace } from './workspace'

// listenAll starts every store listening to Go's events, once, for the
// life of the window.
export function listenAll() {
  useWorkspace().listen()
  useDossiers().listen()
  useScreening().listen()
  useCredit().listen()
  useVisits().listen()
  useReceivables().listen()
  usePeople().listen()
  useConflicts().listen()
  useSync().listen()
}
