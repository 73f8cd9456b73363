package store

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"

	"credence/backend/errs"
)

// The device id names this computer in every change it makes, so a
// changed id would make its own past changes look like another device's.
// device.id is plaintext (the id is needed before unlock) and carries a
// checksum; the database keeps a copy (keyDevice). A damaged file is
// repaired from that copy instead of silently becoming a new device. A
// missing file is a new device: a restored backup or a copied folder on
// another computer must not share the old one's id.

const keyDevice = "cfg/device" // this device's id, inside the encrypted database

// deviceFileState is what device.id holds.
type deviceFileState struct {
	id      string
	present bool // the file exists
	intact  bool // its checksum matches (or a valid id written before checksums)
	legacy  bool // written before checksums: rewritten with one
}

func deviceChecksum(id string) string {
	sum := sha256.Sum256([]byte("credence-device\x00" + id))
	return hex.EncodeToString(sum[:8])
}

func readDeviceFile(dir string) deviceFileState {
	b, err := os.ReadFile(filepath.Join(dir, deviceFile))
	if err != nil {
		return deviceFileState{}
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	id := strings.TrimSpace(lines[0])
	st := deviceFileState{id: id, present: true}
	switch {
	case len(lines) == 1:
		_, perr := uuid.Parse(id)
		st.intact, st.legacy = perr == nil, true // written before checksums: a well-formed id
	case len(lines) == 2:
		st.intact = strings.TrimSpace(lines[1]) == "check "+deviceChecksum(id)
	}
	return st
}

func writeDeviceFile(dir, id string) error {
	if err := writeFileAtomic(filepath.Join(dir, deviceFile), []byte(id+"\ncheck "+deviceChecksum(id)+"\n")); err != nil {
		return errs.Wrap(errs.Internal, err, "write device id")
	}
	return nil
}

// settleDevice decides this device's id once the database is open: the
// intact file's id, else the database's copy, else a new one; and keeps
// the file and the copy in step. Read-only (a full disk) it decides
// without writing.
func (s *Store) settleDevice(file deviceFileState) (string, error) {
	var inDB string
	if err := s.getJSON(keyDevice, &inDB); err != nil && !errs.Is(err, errs.NotFound) {
		return "", err
	}
	id := file.id
	switch {
	case !file.present:
		id = uuid.NewString()
	case !file.intact && inDB != "":
		id = inDB // a damaged file: the database remembers who this is
		s.repaired = append(s.repaired, "device id file")
	case !file.intact:
		id = uuid.NewString()
	}
	if s.readOnly {
		return id, nil
	}
	if !file.present || !file.intact || file.legacy {
		if err := writeDeviceFile(s.dir, id); err != nil {
			return "", err
		}
	}
	if inDB != id {
		if err := s.putJSON(keyDevice, id); err != nil {
			return "", err
		}
	}
	return id, nil
}
