package syncserver

import (
	"bytes"
	"testing"
	"time"

	"credence/backend/syncproto"
)

func FuzzDecodeStored(f *testing.F) {
	st := syncproto.Stored{Seq: 7, Received: time.Unix(0, 1764490000123456000).UTC(),
		Envelope: syncproto.Envelope{ChangeID: "0b9f3c1e-2a4d-4c5e-9f00-112233445566", Device: "dev", DeviceSeq: 3, Epoch: 2, Sealed: []byte("sealed")}}
	good := encodeStored(st)
	got, err := decodeStored(good)
	if err != nil || got.Seq != st.Seq || !got.Received.Equal(st.Received) || got.ChangeID != st.ChangeID ||
		got.Device != st.Device || got.DeviceSeq != st.DeviceSeq || got.Epoch != st.Epoch || !bytes.Equal(got.Sealed, st.Sealed) {
		f.Fatalf("round trip = %+v, %v", got, err)
	}
	f.Add(good)
	f.Add(good[:30])
	f.Add([]byte{2})
	f.Fuzz(func(t *testing.T, b []byte) {
		st, err := decodeStored(b)
		if err != nil {
			return
		}
		if again := encodeStored(st); !bytes.Equal(again, b) {
			t.Fatalf("decode then encode changed the bytes")
		}
	})
}
