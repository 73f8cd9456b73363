package memstat

import "testing"

func TestPeakSeesAnAllocation(t *testing.T) {
	var keep []byte
	p := Peak(func() { keep = make([]byte, 64<<20); keep[len(keep)-1] = 1 })
	if p < 64<<20 || keep[len(keep)-1] != 1 {
		t.Fatalf("peak %d bytes while 64 MiB were held", p)
	}
}
