package app

import "time"

// noteBackup remembers when a backup succeeded, for the reminder.
func (s *Session) noteBackup(at time.Time) {
	p := s.prefs()
	p.LastBackup = at.UTC()
	s.savePrefs(p) // a lost note only repeats the reminder
}

// BackupInfo says when the workspace was last backed up from this computer
// and whether a reminder is due (never, or more than remindAfter ago).
type BackupInfo struct {
	Last time.Time `json:"last"` // zero: never
	Due  bool      `json:"due"`
}

// remindAfter is how old the last backup may be before the reminder shows.
const remindAfter = 7 * 24 * time.Hour

// BackupInfo returns the last backup and whether one is due.
func (w *WorkspaceService) BackupInfo() BackupInfo {
	last := w.sess.prefs().LastBackup
	return BackupInfo{Last: last, Due: last.IsZero() || time.Since(last) > remindAfter}
}
