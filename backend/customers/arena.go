package customers

import (
	"encoding/binary"

	"credence/backend/sheet"
)

// rowArena keeps rows' cells end to end in one buffer (each a length and
// its bytes): 100 000 rows of a dozen short cells are a few megabytes,
// not 100 000 slices of strings.
type rowArena struct {
	buf   []byte
	offs  []int32
	lines []int32
	cells []int32
}

func (a *rowArena) add(r sheet.Row) int32 {
	a.offs = append(a.offs, int32(len(a.buf)))
	a.lines = append(a.lines, int32(r.Line))
	a.cells = append(a.cells, int32(len(r.Cells)))
	for _, c := range r.Cells {
		a.buf = binary.AppendUvarint(a.buf, uint64(len(c)))
		a.buf = append(a.buf, c...)
	}
	return int32(len(a.offs) - 1)
}

func (a *rowArena) line(i int32) int32 { return a.lines[i] }

func (a *rowArena) row(i int32) sheet.Row {
	b := a.buf[a.offs[i]:]
	cells := make([]string, a.cells[i])
	for j := range cells {
		n, k := binary.Uvarint(b)
		cells[j] = string(b[k : k+int(n)])
		b = b[k+int(n):]
	}
	return sheet.Row{Line: int(a.lines[i]), Cells: cells}
}
