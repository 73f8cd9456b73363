package hlc

import (
	"sort"
	"testing"
	"time"
)

func TestClockMonotonicWhenWallStepsBack(t *testing.T) {
	wall := time.UnixMilli(1_700_000_000_000)
	c := New(func() time.Time { return wall }, Timestamp{})
	var got []Timestamp
	for i := 0; i < 5; i++ {
		got = append(got, c.Now())
		if i == 2 {
			wall = wall.Add(-time.Hour) // NTP stepped the clock back
		}
	}
	for i := 1; i < len(got); i++ {
		if !got[i-1].Less(got[i]) {
			t.Fatalf("timestamp %d (%v) not after %d (%v)", i, got[i], i-1, got[i-1])
		}
	}
}

func TestStringSortsLikeLess(t *testing.T) {
	ts := []Timestamp{{5, 0}, {4, 9}, {4, 10}, {1_700_000_000_000, 1}, {1_700_000_000_000, 0}}
	strs := make([]string, len(ts))
	for i, t := range ts {
		strs[i] = t.String()
	}
	sort.Strings(strs)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Less(ts[j]) })
	for i := range ts {
		if ts[i].String() != strs[i] {
			t.Fatalf("order differs at %d: %s vs %s", i, ts[i], strs[i])
		}
		p, err := Parse(strs[i])
		if err != nil || p != ts[i] {
			t.Fatalf("parse %s = %v, %v", strs[i], p, err)
		}
	}
}

func TestObserveAndRestart(t *testing.T) {
	wall := time.UnixMilli(1000)
	c := New(func() time.Time { return wall }, Timestamp{})
	c.Observe(Timestamp{Wall: 5000, Logical: 3})
	if n := c.Now(); !(Timestamp{5000, 3}).Less(n) {
		t.Fatalf("after observe, Now = %v", n)
	}
	// A restarted clock seeded with the persisted last value keeps going up.
	c2 := New(func() time.Time { return wall }, c.Last())
	if n := c2.Now(); !c.Last().Less(n) {
		t.Fatalf("restarted clock went back: %v", n)
	}
}
