package store_test

import (
	"testing"

	"credence/backend/changelog/changelogtest"
	"credence/backend/store/storetest"
)

// The Badger log keeps the same contract as the in-memory one.
func TestStoreLogContract(t *testing.T) {
	changelogtest.Run(t, func(t *testing.T) changelogtest.Log { return storetest.New(t) })
}
