package syncserver

import (
	"log/slog"
	"time"
)

func slogStr(k, v string) slog.Attr               { return slog.String(k, v) }
func slogInt(k string, v int) slog.Attr           { return slog.Int(k, v) }
func slogInt64(k string, v int64) slog.Attr       { return slog.Int64(k, v) }
func slogDur(k string, v time.Duration) slog.Attr { return slog.Duration(k, v) }

func levelOf(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}
