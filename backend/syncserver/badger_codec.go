package syncserver

import (
	"encoding/binary"
	"errors"
	"time"

	"credence/backend/syncproto"
)

// Envelopes are stored in a small binary form rather than JSON: a pull
// reads up to a thousand of them, and decoding base64 inside JSON was most
// of its cost.
//
//	version 1 | seq 8 | received unix ns 8 | device seq 8 | epoch 4 |
//	len 1 + change id | len 1 + device | sealed (the rest)
const codecV1 = 1

var errCodec = errors.New("stored envelope is corrupt")

func encodeStored(st syncproto.Stored) []byte {
	b := make([]byte, 0, 1+8+8+8+4+2+len(st.ChangeID)+len(st.Device)+len(st.Sealed))
	b = append(b, codecV1)
	b = binary.BigEndian.AppendUint64(b, st.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(st.Received.UnixNano()))
	b = binary.BigEndian.AppendUint64(b, st.DeviceSeq)
	b = binary.BigEndian.AppendUint32(b, st.Epoch)
	b = append(b, byte(len(st.ChangeID)))
	b = append(b, st.ChangeID...)
	b = append(b, byte(len(st.Device)))
	b = append(b, st.Device...)
	return append(b, st.Sealed...)
}

// decodeStored copies what it keeps: b belongs to Badger.
func decodeStored(b []byte) (syncproto.Stored, error) {
	var st syncproto.Stored
	if len(b) < 29 || b[0] != codecV1 {
		return st, errCodec
	}
	st.Seq = binary.BigEndian.Uint64(b[1:])
	st.Received = time.Unix(0, int64(binary.BigEndian.Uint64(b[9:]))).UTC()
	st.DeviceSeq = binary.BigEndian.Uint64(b[17:])
	st.Epoch = binary.BigEndian.Uint32(b[25:])
	rest := b[29:]
	str := func() (string, bool) {
		if len(rest) < 1 || len(rest) < 1+int(rest[0]) {
			return "", false
		}
		s := string(rest[1 : 1+int(rest[0])])
		rest = rest[1+int(rest[0]):]
		return s, true
	}
	var ok1, ok2 bool
	st.ChangeID, ok1 = str()
	st.Device, ok2 = str()
	if !ok1 || !ok2 {
		return st, errCodec
	}
	st.Sealed = append([]byte(nil), rest...)
	return st, nil
}
