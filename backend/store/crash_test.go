package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"credence/backend/dossier"
)

// TestCrashLosesNoReportedSave kills a writing process with SIGKILL at
// random moments, many times, and checks that every save it reported as
// done is there after reopening. The child is this test binary itself.
func TestCrashLosesNoReportedSave(t *testing.T) {
	rounds := 12
	if testing.Short() {
		rounds = 3
	}
	dir := filepath.Join(t.TempDir(), "ws")
	s, err := Create(dir, pass, Settings{FirmName: "F", UserName: "U"}, Options{KDF: cheapKDF})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	var reported []string
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "CREDENCE_CRASH_CHILD="+dir, fmt.Sprintf("CREDENCE_CRASH_ROUND=%d", round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Let it save for a random while, then pull the plug.
		kill := time.AfterFunc(time.Duration(150+rand.IntN(400))*time.Millisecond, func() { cmd.Process.Signal(syscall.SIGKILL) })
		sc := bufio.NewScanner(out)
		n := 0
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), "SAVED "); ok {
				reported = append(reported, id)
				n++
			}
		}
		kill.Stop()
		cmd.Wait()
		if n == 0 {
			t.Logf("round %d: child saved nothing before the kill", round)
		}
	}
	s, err = Open(dir, pass, Options{})
	if err != nil {
		t.Fatalf("reopen after crashes: %v", err)
	}
	defer s.Close()
	for _, id := range reported {
		name, _, _ := strings.Cut(id, " ")
		d, err := s.Dossier(name)
		if err != nil {
			t.Fatalf("save reported done was lost: %s: %v", id, err)
		}
		if _, note, _ := strings.Cut(id, " "); d.Notes != note {
			t.Fatalf("dossier %s has notes %q, reported %q", name, d.Notes, note)
		}
	}
	if len(reported) < rounds {
		t.Fatalf("only %d saves reported over %d rounds: the test did not exercise anything", len(reported), rounds)
	}
	t.Logf("%d reported saves over %d kills, all present", len(reported), rounds)
}

// crashChild is the writing process of TestCrashLosesNoReportedSave,
// started by TestMain when CREDENCE_CRASH_CHILD names the workspace; it
// writes until it is killed.
func crashChild(dir string) {
	s, err := Open(dir, pass, Options{})
	if err != nil {
		fmt.Println("OPEN FAILED", err)
		os.Exit(3)
	}
	round := os.Getenv("CREDENCE_CRASH_ROUND")
	for i := 0; ; i++ {
		d := &dossier.Dossier{LatinName: dossier.Fact{Value: fmt.Sprintf("Crash Test %s-%d", round, i)}, Notes: fmt.Sprintf("r%s-n%d", round, i)}
		got, err := s.CreateDossier(d, "U")
		if err != nil {
			fmt.Println("SAVE FAILED", err)
			os.Exit(4)
		}
		// Edit it too, so updates are covered, not only inserts.
		got.Notes += "-edited"
		got, err = s.SaveDossier(got, "U")
		if err != nil {
			fmt.Println("SAVE FAILED", err)
			os.Exit(4)
		}
		fmt.Printf("SAVED %s %s\n", got.ID, got.Notes)
	}
}
