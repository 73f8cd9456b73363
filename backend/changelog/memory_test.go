package changelog_test

import (
	"testing"
	"time"

	"credence/backend/changelog"
	"credence/backend/changelog/changelogtest"
	"credence/backend/hlc"
)

func TestMemoryContract(t *testing.T) {
	changelogtest.Run(t, func(t *testing.T) changelogtest.Log {
		return changelog.NewMemory("dev-local", hlc.New(func() time.Time { return time.UnixMilli(1) }, hlc.Timestamp{}))
	})
}
