package changelog

import (
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"credence/backend/hlc"
)

// Memory is a Log held in memory: for tests, and the shape of the sync
// server's log. It can also write as a device of its own (Write, Delete).
type Memory struct {
	mu        sync.Mutex
	device    string
	clock     *hlc.Clock
	bySeq     map[string][]Change // device → its changes, index seq-1
	state     map[Ref]map[string]FieldState
	conflicts map[string]Conflict
}

// NewMemory returns an empty log for device, stamping with clock.
func NewMemory(device string, clock *hlc.Clock) *Memory {
	return &Memory{device: device, clock: clock, bySeq: map[string][]Change{},
		state: map[Ref]map[string]FieldState{}, conflicts: map[string]Conflict{}}
}

// Changes implements Log.
func (m *Memory) Changes(cur Cursor, limit int) ([]Change, Cursor, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	streams := map[string][]Change{}
	for d, s := range m.bySeq {
		if n := cur[d]; n < uint64(len(s)) {
			streams[d] = s[n:]
		}
	}
	out := Merge(streams, limit)
	return out, Advance(cur, out), nil
}

// Apply implements Log.
func (m *Memory) Apply(changes []Change) (ApplyResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var res ApplyResult
	for _, c := range Order(changes) {
		if err := c.Check(); err != nil {
			return res, err
		}
		last := uint64(len(m.bySeq[c.Device]))
		switch {
		case c.Seq <= last:
			res.Duplicates++
			continue
		case c.Seq > last+1:
			res.Deferred++
			continue
		}
		m.clock.Observe(c.HLC)
		m.apply(c, &res)
		res.Applied++
	}
	return res, nil
}

func (m *Memory) apply(c Change, res *ApplyResult) {
	pol, _ := PolicyOf(c.Kind)
	ref := Ref{c.Kind, c.Entity}
	fields := m.state[ref]
	if fields == nil {
		fields = map[string]FieldState{}
		m.state[ref] = fields
	}
	out := Decide(pol, fields, c)
	if out.Store {
		fields[c.Field] = StateOf(c)
		res.Touched = append(res.Touched, ref)
	}
	for _, p := range out.Conflicts {
		k := NewConflict(c.Kind, c.Entity, p, m.clock.Last())
		if _, dup := m.conflicts[k.ID]; !dup {
			m.conflicts[k.ID] = k
			res.Conflicts = append(res.Conflicts, k)
		}
	}
	m.bySeq[c.Device] = append(m.bySeq[c.Device], c)
}

// Write records fields of a record as edited on this device: a nil value
// removes the field; field "" is the whole value of an append-only kind.
func (m *Memory) Write(kind, entity, user string, fields map[string]json.RawMessage) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		c := m.local(kind, entity, f, user)
		c.Value, c.Deleted = fields[f], fields[f] == nil
		if err := m.writeLocal(c); err != nil {
			return err
		}
	}
	return nil
}

// Delete records the deletion of a whole record on this device.
func (m *Memory) Delete(kind, entity, user string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.local(kind, entity, "", user)
	c.Deleted = true
	for _, s := range m.state[Ref{kind, entity}] { // it deletes what it saw
		if c.Base.Less(s.Version) {
			c.Base = s.Version
		}
	}
	return m.writeLocal(c)
}

func (m *Memory) local(kind, entity, field, user string) Change {
	fields := m.state[Ref{kind, entity}]
	base := fields[field].Version
	if t, ok := fields[""]; ok && field != "" && base.Less(t.Version) {
		base = t.Version // a write after a delete has seen the delete
	}
	return Change{ID: NewID(), Kind: kind, Entity: entity, Field: field, HLC: m.clock.Now(),
		Device: m.device, Seq: uint64(len(m.bySeq[m.device])) + 1, User: user, Base: base}
}

func (m *Memory) writeLocal(c Change) error {
	if err := c.Check(); err != nil {
		return err
	}
	var res ApplyResult
	m.apply(c, &res)
	if len(res.Conflicts) > 0 {
		return fmt.Errorf("local write %s found a conflict: its base is wrong", c.ID)
	}
	return nil
}

// Entity implements StateReader.
func (m *Memory) Entity(kind, id string) (map[string]json.RawMessage, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	pol, err := PolicyOf(kind)
	if err != nil {
		return nil, false, err
	}
	vis, ok := Visible(pol, m.state[Ref{kind, id}])
	out := make(map[string]json.RawMessage, len(vis))
	for f, s := range vis {
		out[f] = s.Value
	}
	return out, ok, nil
}

// Entities lists the records with a visible state.
func (m *Memory) Entities() []Ref {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Ref
	for r, fields := range m.state {
		pol, _ := PolicyOf(r.Kind)
		if _, ok := Visible(pol, fields); ok {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind+"\x00"+out[i].Entity < out[j].Kind+"\x00"+out[j].Entity })
	return out
}

// Conflicts lists the conflicts found, by id.
func (m *Memory) Conflicts() []Conflict {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Conflict, 0, len(m.conflicts))
	for _, c := range m.conflicts {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
