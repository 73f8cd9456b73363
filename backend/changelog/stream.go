package changelog

import "sort"

// Merge picks up to limit changes (all when limit <= 0) from per-device
// streams, each in sequence order, taking always the head with the
// smallest version. What it returns is a prefix of every stream, so the
// cursor after it (Advance) skips nothing, whatever the HLCs are.
func Merge(streams map[string][]Change, limit int) []Change {
	devs := make([]string, 0, len(streams))
	total := 0
	for d, s := range streams {
		if len(s) > 0 {
			devs = append(devs, d)
			total += len(s)
		}
	}
	sort.Strings(devs)
	if limit <= 0 || limit > total {
		limit = total
	}
	heads := make([]int, len(devs))
	out := make([]Change, 0, limit)
	for len(out) < limit {
		best := -1
		for i, d := range devs {
			if heads[i] == len(streams[d]) {
				continue
			}
			if best < 0 || streams[d][heads[i]].Version().Less(streams[devs[best]][heads[best]].Version()) {
				best = i
			}
		}
		out = append(out, streams[devs[best]][heads[best]])
		heads[best]++
	}
	return out
}

// Advance is cur moved past changes.
func Advance(cur Cursor, changes []Change) Cursor {
	next := cur.Clone()
	for _, c := range changes {
		if c.Seq > next[c.Device] {
			next[c.Device] = c.Seq
		}
	}
	return next
}

// Order sorts a batch by device and sequence, the order Apply takes it in
// so that a shuffled batch still applies whole.
func Order(changes []Change) []Change {
	out := append([]Change(nil), changes...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Device != out[j].Device {
			return out[i].Device < out[j].Device
		}
		return out[i].Seq < out[j].Seq
	})
	return out
}
