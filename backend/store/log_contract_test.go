package store_test

import (
	"testing"

	"credence/backend/changelog"
	"credence/backend/changelog/changelogtest"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

// The Badger log keeps the same contract as the in-memory one. A new
// workspace has already logged its first person (the admin who created
// it); the contract is about the changes the suite makes, so the store's
// own device is read past.
func TestStoreLogContract(t *testing.T) {
	changelogtest.Run(t, func(t *testing.T) changelogtest.Log { return othersOnly{storetest.New(t)} })
}

type othersOnly struct{ *store.Store }

func (o othersOnly) Changes(cur changelog.Cursor, limit int) ([]changelog.Change, changelog.Cursor, error) {
	all, _, err := o.Store.Changes(nil, 0)
	if err != nil {
		return nil, nil, err
	}
	c := cur.Clone()
	for _, ch := range all {
		if ch.Device == o.DeviceID() {
			c[o.DeviceID()] = max(c[o.DeviceID()], ch.Seq)
		}
	}
	out, next, err := o.Store.Changes(c, limit)
	delete(next, o.DeviceID())
	return out, next, err
}
