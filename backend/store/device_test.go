package store

import (
	"os"
	"path/filepath"
	"testing"
)

// A flipped bit in device.id is repaired from the database's copy: the
// device keeps its id (its past changes stay its own). A flip at every
// byte of the file is tried (one bit each, rotating).
func TestDeviceIDBitFlipRepaired(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	id := s.DeviceID()
	s.Close()
	p := filepath.Join(dir, deviceFile)
	good, _ := os.ReadFile(p)
	tried, same := 0, 0
	for i := range good {
		for _, bit := range []int{i % 8} {
			b := append([]byte(nil), good...)
			b[i] ^= 1 << bit
			os.WriteFile(p, b, 0o600)
			s, err := Open(dir, pass, Options{})
			if err != nil {
				t.Fatalf("byte %d bit %d: %v", i, bit, err)
			}
			tried++
			if s.DeviceID() == id {
				same++
			} else {
				t.Errorf("byte %d bit %d: device id became %q", i, bit, s.DeviceID())
			}
			s.Close()
			if f := readDeviceFile(dir); f.id != id || !f.intact {
				t.Fatalf("byte %d bit %d: the file was not repaired: %+v", i, bit, f)
			}
		}
	}
	t.Logf("device.id: %d of %d single-bit flips kept the id", same, tried)
}

// A restored or copied workspace without device.id is a new device, never
// the old one under the database's copy.
func TestMissingDeviceFileIsANewDevice(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	id := s.DeviceID()
	s.Close()
	os.Remove(filepath.Join(dir, deviceFile))
	s, err = Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.DeviceID() == id || s.DeviceID() == "" {
		t.Errorf("device id %q after the file went, was %q", s.DeviceID(), id)
	}
	r, _ := s.Verify(t.Context())
	if len(r.Repaired) != 0 {
		t.Errorf("repaired %v", r.Repaired)
	}
}

// A file written before checksums (the id alone) is kept and upgraded.
func TestLegacyDeviceFileKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	id := s.DeviceID()
	s.Close()
	os.WriteFile(filepath.Join(dir, deviceFile), []byte(id+"\n"), 0o600)
	s, err = Open(dir, pass, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.DeviceID() != id || !readDeviceFile(dir).intact {
		t.Errorf("legacy file: id %q (want %q), file %+v", s.DeviceID(), id, readDeviceFile(dir))
	}
}
