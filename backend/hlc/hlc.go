// Package hlc is a hybrid logical clock: timestamps that follow wall time
// but never go backwards and order events across devices even when their
// clocks disagree. Every field-level change is stamped with one; sync uses
// them to decide which write wins.
package hlc

import (
	"fmt"
	"sync"
	"time"
)

// Timestamp is wall milliseconds plus a logical counter for events in the
// same millisecond (or after the wall clock stepped back).
type Timestamp struct {
	Wall    int64  `json:"wall"`
	Logical uint32 `json:"logical"`
}

// String renders a fixed-width, lexically sortable form: 13 digits of
// milliseconds, a dash, 6 digits of counter.
func (t Timestamp) String() string { return fmt.Sprintf("%013d-%06d", t.Wall, t.Logical) }

// Time is the wall part as a time.Time.
func (t Timestamp) Time() time.Time { return time.UnixMilli(t.Wall).UTC() }

// Less orders timestamps.
func (t Timestamp) Less(o Timestamp) bool {
	return t.Wall < o.Wall || (t.Wall == o.Wall && t.Logical < o.Logical)
}

// IsZero reports whether t was never set.
func (t Timestamp) IsZero() bool { return t.Wall == 0 && t.Logical == 0 }

// Parse reads the String form.
func Parse(s string) (Timestamp, error) {
	var t Timestamp
	if _, err := fmt.Sscanf(s, "%013d-%06d", &t.Wall, &t.Logical); err != nil {
		return Timestamp{}, fmt.Errorf("parse hlc %q: %w", s, err)
	}
	return t, nil
}

// Clock issues timestamps. The zero value is not usable; use New.
type Clock struct {
	mu   sync.Mutex
	now  func() time.Time
	last Timestamp
}

// New returns a clock reading now (time.Now when nil) that never issues a
// timestamp at or below last, the highest one already persisted.
func New(now func() time.Time, last Timestamp) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{now: now, last: last}
}

// Now issues the next local timestamp.
func (c *Clock) Now() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().UnixMilli()
	if wall > c.last.Wall {
		c.last = Timestamp{Wall: wall}
	} else {
		c.last.Logical++
	}
	return c.last
}

// Observe merges a timestamp received from another device so that later
// local events sort after it.
func (c *Clock) Observe(remote Timestamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last.Less(remote) {
		c.last = remote
	}
}

// Last is the highest timestamp issued or observed.
func (c *Clock) Last() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}
