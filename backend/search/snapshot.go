package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"
	"unicode/utf8"
)

// A snapshot is the built index in a binary form, so that opening a
// workspace reads it back instead of decoding and re-indexing every
// dossier. It holds what costs to build (entries with their word ids,
// the dictionaries' words, postings and trigram lists, the short grams'
// postings, the free slots) and leaves out what is cheap to derive (the
// slot table, the dictionaries' hash tables, whose seed is per process,
// the archived set, facets, filter sets; sort orders are built on use).
//
// Layout (every count and length a uvarint, a string its length then its
// bytes, an int a zigzag varint):
//
//	magic "CRDSIDX\n", version
//	slots; per slot 0 (free) or 1 and the entry:
//	  id name latin country status segment businessType owner, tags
//	  (0 for none, else their number plus one: nil and empty differ in JSON),
//	  flags (1 key account, 2 archived), facts verified contradicted,
//	  updatedAt (unix seconds, nanoseconds, then 0 UTC, 1 Local and its
//	  offset, or 2 a zone's name and offset), sortKey, word ids, code ids,
//	  dup ids domains phones names
//	free slots
//	words, codes: per dict the words' lengths, the words, the posting of
//	  each word, the lists of more slots, the trigram lists (key, gaps)
//	short grams: key, 0 and a list of slots or 1 and a bitset
//
// The store encrypts and authenticates the bytes; reading still checks
// every length and every id against bounds, so a damaged or foreign input
// is an error, never a panic or a huge allocation.

const (
	snapMagic   = "CRDSIDX\n"
	snapVersion = 1
)

// WriteSnapshot writes the index in a versioned binary form that
// ReadSnapshot restores.
func (ix *Index) WriteSnapshot(w io.Writer) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	s := snapWriter{w: w, b: make([]byte, 0, 1<<17)}
	s.b = append(s.b, snapMagic...)
	s.uint(snapVersion)
	s.uint(uint64(len(ix.entries)))
	for _, e := range ix.entries {
		if e == nil {
			s.b = append(s.b, 0)
			continue
		}
		s.b = append(s.b, 1)
		s.entry(e)
		s.flush(false)
	}
	s.ids(ix.free)
	for _, d := range []*dict{&ix.words, &ix.codes} {
		s.dict(d)
	}
	keys := make([]uint64, 0, len(ix.short))
	for k := range ix.short {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same index, the same bytes
	s.uint(uint64(len(keys)))
	for _, k := range keys {
		p := ix.short[k]
		s.b = binary.LittleEndian.AppendUint64(s.b, k)
		if p.bits != nil {
			s.b = append(s.b, 1)
			s.uint(uint64(len(p.bits)))
			for _, x := range p.bits {
				s.b = binary.LittleEndian.AppendUint64(s.b, x)
			}
		} else {
			s.b = append(s.b, 0)
			s.ids(p.list)
		}
		s.flush(false)
	}
	return s.flush(true)
}

type snapWriter struct {
	w   io.Writer
	b   []byte
	err error
}

// flush writes the buffer once it is large (or at the end): one buffer,
// bounded, instead of the whole snapshot in memory.
func (s *snapWriter) flush(end bool) error {
	if end || len(s.b) >= 1<<16 {
		if s.err == nil {
			if _, err := s.w.Write(s.b); err != nil {
				s.err = fmt.Errorf("write index snapshot: %w", err)
			}
		}
		s.b = s.b[:0] // after a failed write, the rest is dropped as it comes
	}
	return s.err
}

func (s *snapWriter) uint(v uint64) { s.b = binary.AppendUvarint(s.b, v) }
func (s *snapWriter) int(v int)     { s.b = binary.AppendVarint(s.b, int64(v)) }
func (s *snapWriter) int64(v int64) { s.b = binary.AppendVarint(s.b, v) }
func (s *snapWriter) str(v string)  { s.uint(uint64(len(v))); s.b = append(s.b, v...) }

func (s *snapWriter) strs(v []string) {
	s.uint(uint64(len(v)))
	for _, x := range v {
		s.str(x)
	}
}

func (s *snapWriter) ids(v []int32) {
	s.uint(uint64(len(v)))
	for _, x := range v {
		s.uint(uint64(uint32(x)))
	}
}

func (s *snapWriter) entry(e *entry) {
	row := e.row()
	r := &row
	for _, v := range []string{r.ID, r.Name, r.LatinName, r.Country, r.Status, r.Segment, r.BusinessType, r.Owner} {
		s.str(v)
	}
	if r.Tags == nil { // nil and empty tags are null and [] in JSON
		s.uint(0)
	} else {
		s.uint(uint64(len(r.Tags)) + 1)
		for _, t := range r.Tags {
			s.str(t)
		}
	}
	var flags byte
	if r.KeyAccount {
		flags |= 1
	}
	if r.Archived {
		flags |= 2
	}
	s.b = append(s.b, flags)
	s.int(r.Facts)
	s.int(r.Verified)
	s.int(r.Contradicted)
	s.time(r.UpdatedAt)
	s.str(e.sortKey())
	s.ids(e.words())
	s.ids(e.codes())
	for g := range 4 {
		s.uint(uint64(e.dup.n[g]))
		for k := range e.dup.group(g) {
			s.str(k)
		}
	}
}

// time writes t to the nanosecond with its zone: UTC, Local, or a fixed
// offset with its name (JSON decoding makes no other; a named zone keeps
// its offset at t). Not time's binary form: it gets a negative offset of
// seconds wrong on reading.
func (s *snapWriter) time(t time.Time) {
	s.int64(t.Unix())
	s.uint(uint64(t.Nanosecond()))
	switch loc := t.Location(); loc {
	case time.UTC:
		s.b = append(s.b, 0)
	case time.Local:
		_, off := t.Zone()
		s.b = append(s.b, 1)
		s.int(off)
	default:
		name, off := t.Zone()
		s.b = append(s.b, 2)
		s.str(name)
		s.int(off)
	}
}

func (s *snapWriter) dict(d *dict) {
	n := len(d.post)
	s.uint(uint64(n))
	for i := range n {
		s.uint(uint64(d.offs[i+1] - d.offs[i] - 1))
	}
	s.b = append(s.b, d.buf...)
	s.flush(false)
	for _, p := range d.post {
		s.int(int(p))
	}
	s.uint(uint64(len(d.more)))
	for _, m := range d.more {
		s.ids(m)
		s.flush(false)
	}
	keys := make([]uint64, 0, len(d.tri))
	for k := range d.tri {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	s.uint(uint64(len(keys)))
	for _, k := range keys {
		l := d.tri[k]
		s.b = binary.LittleEndian.AppendUint64(s.b, k)
		s.uint(uint64(len(l.gaps)))
		s.b = append(s.b, l.gaps...)
		s.flush(false)
	}
}

// ReadSnapshot restores an index written by WriteSnapshot. A short,
// damaged or other-version input is an error.
func ReadSnapshot(r io.Reader) (*Index, error) {
	var buf bytes.Buffer
	if l, ok := r.(interface{ Len() int }); ok { // a bytes.Reader: read in one go, not by doubling
		buf.Grow(l.Len() + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("read index snapshot: %w", err)
	}
	ix, err := readSnapshot(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("read index snapshot: %w", err)
	}
	return ix, nil
}

var errShort = errors.New("truncated or damaged")

// snapReader reads from the whole snapshot; the first error sticks and
// every later read returns zeros, so loops end and the error is reported
// once at the end.
type snapReader struct {
	b     []byte
	err   error
	str   map[string]string // repeated row values (countries, owners, tags) kept once
	zones map[zone]*time.Location
	acc   []byte  // an entry's own strings, end to end
	spans []span  // where each is in acc
	nums  []int32 // an entry's word and code ids
	kb    []byte  // an entry's match keys, packed as dupKeys holds them
}

func (r *snapReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.b = nil
}

func (r *snapReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(errShort)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *snapReader) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 || v < math.MinInt32 || v > math.MaxInt32 {
		r.fail(errShort)
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// count reads a number of items each taking at least size bytes: what is
// left bounds it, so a damaged count cannot ask for gigabytes.
func (r *snapReader) count(size int) int {
	n := r.uint()
	if n > uint64(len(r.b)/size) {
		r.fail(errShort)
		return 0
	}
	return int(n)
}

func (r *snapReader) bytes(n int) []byte {
	if n > len(r.b) {
		r.fail(errShort)
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func (r *snapReader) byte() byte {
	if len(r.b) == 0 {
		r.fail(errShort)
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *snapReader) u64() uint64 {
	if b := r.bytes(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (r *snapReader) string() string {
	return string(r.bytes(r.count(1)))
}

// shared reads a string that many rows repeat, kept once.
func (r *snapReader) shared() string {
	b := r.bytes(r.count(1))
	if s, ok := r.str[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(r.str) < 1<<16 {
		r.str[s] = s
	}
	return s
}

// ids reads a list of ids below limit.
func (r *snapReader) ids(limit int) []int32 {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	v := make([]int32, n)
	for i := range v {
		x := r.uint()
		if x >= uint64(limit) {
			r.fail(fmt.Errorf("id %d out of range %d", x, limit))
			return nil
		}
		v[i] = int32(x)
	}
	return v
}

func readSnapshot(b []byte) (*Index, error) {
	if !bytes.HasPrefix(b, []byte(snapMagic)) {
		return nil, errors.New("not an index snapshot")
	}
	r := &snapReader{b: b[len(snapMagic):], str: map[string]string{}, zones: map[zone]*time.Location{}}
	if v := r.uint(); r.err == nil && v != snapVersion {
		return nil, fmt.Errorf("format version %d, this build reads %d", v, snapVersion)
	}
	ix := NewIndex()
	n := r.count(1)
	if n > math.MaxInt32 {
		return nil, errShort
	}
	ix.entries = make([]*entry, n)
	ix.slots = make(map[string]int32, n)
	live := newBitset(n)
	for slot := range ix.entries {
		switch r.byte() {
		case 0:
			continue
		case 1:
		default:
			r.fail(errShort)
		}
		if r.err != nil {
			return nil, r.err
		}
		e := r.entry(ix)
		if had := len(ix.slots); r.err == nil {
			if ix.slots[e.id()] = int32(slot); len(ix.slots) == had {
				return nil, fmt.Errorf("dossier %q in two slots", e.id())
			}
		}
		ix.entries[slot] = e
		live.set(int32(slot))
	}
	// Every free slot is listed once, and only free ones: Put takes them.
	ix.free = r.ids(n)
	seen := newBitset(n)
	for _, s := range ix.free {
		if live.has(s) || seen.has(s) {
			return nil, fmt.Errorf("slot %d listed free wrongly", s)
		}
		seen.set(s)
	}
	if r.err == nil && len(ix.free)+len(ix.slots) != n {
		return nil, fmt.Errorf("%d free slots listed, %d are free", len(ix.free), n-len(ix.slots))
	}
	r.dict(&ix.words, live)
	r.dict(&ix.codes, live)
	for _, e := range ix.entries {
		if e == nil || r.err != nil {
			continue
		}
		for _, id := range e.words() {
			if int(id) >= len(ix.words.post) {
				r.fail(fmt.Errorf("word %d out of range", id))
			}
		}
		for _, id := range e.codes() {
			if int(id) >= len(ix.codes.post) {
				r.fail(fmt.Errorf("code %d out of range", id))
			}
		}
	}
	k := r.count(9)
	ix.short = make(map[uint64]*posting, k)
	for range k {
		key := r.u64()
		p := &posting{}
		switch r.byte() {
		case 0:
			p.list = r.ids(n)
			for _, s := range p.list {
				if !live.has(s) {
					r.fail(fmt.Errorf("free slot %d in a gram's posting", s))
				}
			}
		case 1:
			m := r.count(8)
			if m > len(live) {
				r.fail(fmt.Errorf("posting of %d words over %d slots", m, n))
			}
			p.bits = make(bitset, m)
			for i := range p.bits {
				p.bits[i] = r.u64()
				if r.err == nil && p.bits[i]&^live[i] != 0 {
					r.fail(fmt.Errorf("free slot in a gram's posting"))
				}
			}
		default:
			r.fail(errShort)
		}
		if _, dup := ix.short[key]; dup {
			r.fail(fmt.Errorf("gram %x twice", key))
		}
		ix.short[key] = p
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) > 0 {
		return nil, fmt.Errorf("%d bytes past the end", len(r.b))
	}
	ix.derive()
	return ix, nil
}

// derive sets the archived set, facets and filter sets from the entries,
// as Put does.
func (ix *Index) derive() {
	ix.arch = newBitset(len(ix.entries))
	for slot, e := range ix.entries {
		if e == nil {
			continue
		}
		if e.archived() {
			ix.archived++
			ix.arch.set(int32(slot))
		}
		ix.count(e, 1)
		for _, k := range filterKeys(e) {
			b := ix.fsets[k]
			for len(b)*64 <= slot {
				b = append(b, 0)
			}
			b.set(int32(slot))
			ix.fsets[k] = b
		}
	}
}

// entry reads an entry, its filter values interned in ix. Its own strings
// (id, names, sort key) are cut from one string, its match keys packed in
// another and its ids are one slice: a hundred thousand entries read in a
// fraction of the allocations.
func (r *snapReader) entry(ix *Index) *entry {
	var row Row
	r.acc, r.spans = r.acc[:0], r.spans[:0]
	r.own() // id
	r.own() // name
	r.own() // latin name
	for _, v := range []*string{&row.Country, &row.Status, &row.Segment, &row.BusinessType, &row.Owner} {
		*v = r.shared()
	}
	if n := r.count(1); n > 0 {
		row.Tags = make([]string, n-1)
		for i := range row.Tags {
			row.Tags[i] = r.shared()
		}
	}
	flags := r.byte()
	if flags > 3 {
		r.fail(errShort)
	}
	row.KeyAccount, row.Archived = flags&1 != 0, flags&2 != 0
	row.Facts, row.Verified, row.Contradicted = r.int(), r.int(), r.int()
	row.UpdatedAt = r.time()
	r.own() // sort key
	// Word and code ids, checked against the dictionaries once read.
	nw := r.count(1)
	r.nums = r.nums[:0]
	for range nw {
		r.nums = append(r.nums, r.id())
	}
	nc := r.count(1)
	for range nc {
		r.nums = append(r.nums, r.id())
	}
	var ng [4]uint16 // identifiers, domains, phones, names
	r.kb = r.kb[:0]
	for g := range ng {
		n := r.count(1)
		if n > math.MaxUint16 {
			r.fail(errShort) // pack keeps no more
		}
		ng[g] = uint16(n)
		for range ng[g] {
			b := r.bytes(r.count(1))
			r.kb = append(binary.AppendUvarint(r.kb, uint64(len(b))), b...)
		}
	}
	if r.err != nil {
		return &entry{}
	}
	all := string(r.acc) // the id, the names and the sort key
	str := func(i int) string { return all[r.spans[i].lo:r.spans[i].hi] }
	row.ID, row.Name, row.LatinName = str(0), str(1), str(2)
	e := newEntry(&row, all)
	e.attrs = ix.intern(attrs{row.Country, row.Status, row.Segment, row.BusinessType, row.Owner})
	if len(r.nums) > 0 {
		e.nums = slices.Clone(r.nums)
		e.nwords = int32(nw)
	}
	e.dup = dupKeys{packed: string(r.kb), n: ng}
	return e
}

// own reads a string into the entry's bytes.
func (r *snapReader) own() {
	b := r.bytes(r.count(1))
	lo := len(r.acc)
	r.acc = append(r.acc, b...)
	r.spans = append(r.spans, span{lo, len(r.acc)})
}

type span struct{ lo, hi int }

func (r *snapReader) id() int32 {
	v := r.uint()
	if v > math.MaxInt32 {
		r.fail(fmt.Errorf("id %d out of range", v))
	}
	return int32(v)
}

func (r *snapReader) time() time.Time {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail(errShort)
		return time.Time{}
	}
	r.b = r.b[n:]
	nsec := r.uint()
	if nsec >= 1e9 {
		r.fail(errShort)
	}
	t := time.Unix(v, int64(nsec))
	switch r.byte() {
	case 0:
		return t.UTC()
	case 1: // Local while it still has the offset, as JSON decoding decides
		off := r.int()
		if _, now := t.In(time.Local).Zone(); now != off {
			return t.In(r.zone("", off))
		}
		return t.In(time.Local)
	case 2:
		name, off := r.shared(), r.int()
		return t.In(r.zone(name, off))
	}
	r.fail(errShort)
	return time.Time{}
}

// zone is a fixed zone, one for each name and offset.
func (r *snapReader) zone(name string, off int) *time.Location {
	if off <= -24*3600 || off >= 24*3600 {
		r.fail(fmt.Errorf("zone offset %d", off))
		return time.UTC
	}
	z := zone{name, off}
	loc := r.zones[z]
	if loc == nil {
		loc = time.FixedZone(name, off)
		r.zones[z] = loc
	}
	return loc
}

type zone struct {
	name string
	off  int
}

// dict reads a dictionary whose postings hold live slots only; the hash
// table is rebuilt, its seed being this process's.
func (r *snapReader) dict(d *dict, live bitset) {
	n := r.count(1) // each word has a length byte at least
	d.offs = make([]int32, n+1)
	total := 0
	for i := range n {
		l := r.uint()
		if l >= uint64(len(r.b)) || total > math.MaxInt32-int(l)-1 {
			r.fail(errShort)
			return
		}
		total += int(l) + 1
		d.offs[i+1] = int32(total)
	}
	raw := r.bytes(total)
	if r.err != nil {
		return
	}
	d.buf = slices.Clone(raw)
	for i := range n {
		if d.buf[d.offs[i+1]-1] != 0 {
			r.fail(errShort)
			return
		}
	}
	for _, c := range d.buf {
		if c >= utf8.RuneSelf {
			d.wide = true
			break
		}
	}
	if n > len(r.b) {
		r.fail(errShort)
		return
	}
	d.post = make([]int32, n)
	for i := range d.post {
		d.post[i] = int32(r.int())
	}
	d.more = make([][]int32, r.count(1))
	for i := range d.more {
		d.more[i] = r.ids(len(live) * 64)
		for _, s := range d.more[i] {
			if !live.has(s) {
				r.fail(fmt.Errorf("free slot %d in a word's posting", s))
			}
		}
	}
	for _, p := range d.post {
		if (p >= 0 && (int(p>>6) >= len(live) || !live.has(p))) || (p <= -2 && int(-2-int64(p)) >= len(d.more)) {
			r.fail(fmt.Errorf("posting %d out of range", p))
			return
		}
	}
	k := r.count(9)
	d.tri = make(map[uint64]*idList, k)
	for range k {
		key := r.u64()
		l := &idList{gaps: slices.Clip(r.bytes(r.count(1)))}
		if r.err != nil {
			return
		}
		// The gaps must decode to ids of words: each() trusts them.
		var id int64
		for b := l.gaps; len(b) > 0; {
			g, m := binary.Uvarint(b)
			if m <= 0 || g >= uint64(n) || id+int64(g) >= int64(n) {
				r.fail(fmt.Errorf("trigram %x: damaged word list", key))
				return
			}
			id += int64(g)
			b = b[m:]
			l.n++
		}
		l.last = int32(id)
		l.gaps = slices.Clone(l.gaps) // not the snapshot's buffer: it can be dropped
		if _, dup := d.tri[key]; dup {
			r.fail(fmt.Errorf("trigram %x twice", key))
			return
		}
		d.tri[key] = l
	}
	d.rehash() // the hash table, its seed being this process's
}
