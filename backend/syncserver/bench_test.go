package syncserver

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"credence/backend/syncproto"
)

// BenchmarkServer100Devices: 100 devices of one workspace, each with its own
// TLS connection, push batches of 20 sealed changes (~600 bytes each) and
// pull what the others pushed, against the real credence-server binary in
// its own process (so its RSS is the server's alone). One op is one push and
// one pull by one device. Run:
//
//	go test -run '^$' -bench Server100Devices -benchtime 3000x ./backend/syncserver
func BenchmarkServer100Devices(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "credence-server")
	if out, err := exec.Command("go", "build", "-o", bin, "credence/backend/cmd/credence-server").CombinedOutput(); err != nil {
		b.Fatalf("build server: %v\n%s", err, out)
	}
	b.Run("badger", func(b *testing.B) { benchDevices(b, bin, nil) })
	b.Run("postgres", func(b *testing.B) {
		pg := startPGWith(b, true)
		pg.fresh(b) // creates database t1
		benchDevices(b, bin, []string{"--postgres", pg.url("t1")})
	})
}

func benchDevices(b *testing.B, bin string, extra []string) {
	const devices, batch = 100, 20
	data := b.TempDir()
	args := append([]string{"--data", data, "--listen", "127.0.0.1:0", "--rate", "1000000", "--burst", "1000000", "--max-workspaces", "0"}, extra...)
	cmd := exec.Command(bin, args...)
	stdout, _ := cmd.StdoutPipe()
	logf, _ := os.Create(filepath.Join(data, "server.log"))
	defer logf.Close()
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	s := &testServer{}
	sc := bufio.NewScanner(stdout)
	for (s.url == "" || s.fp == nil) && sc.Scan() {
		line := sc.Text()
		if u, ok := strings.CutPrefix(line, "credence-server listening on "); ok {
			s.url = u
		}
		if f, ok := strings.CutPrefix(line, "TLS certificate SHA-256 fingerprint: "); ok {
			s.fp, _ = hex.DecodeString(strings.ReplaceAll(f, ":", ""))
		}
	}
	if s.url == "" || len(s.fp) != 32 {
		b.Fatal("server did not print its address and fingerprint")
	}

	a := admin(b, s)
	devs := []*device{a}
	for len(devs) < devices {
		d, e := join(b, a.invite(s, syncproto.RoleSales))
		d.must(e)
		d.must(d.auth())
		devs = append(devs, d)
	}
	key := randBytes(syncproto.KeySize)
	value := strings.Repeat("深圳市 Pearl River trading note ", 18) // ~560 bytes sealed

	var next atomic.Int64
	var pushed, pulled atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for _, d := range devs {
		wg.Add(1)
		go func(d *device) {
			defer wg.Done()
			var cursor uint64
			for next.Add(1) <= int64(b.N) {
				envs := make([]syncproto.Envelope, batch)
				for i := range envs {
					envs[i] = d.sealChange(key, "dossier", strconv.Itoa(i), "notes", value)
				}
				res, e := d.push(envs...)
				d.must(e)
				pushed.Add(int64(res.Accepted))
				var pr syncproto.PullResult
				d.must(d.call("GET", fmt.Sprintf("/v1/pull?since=%d&limit=1000", cursor), nil, &pr))
				cursor = pr.Next
				pulled.Add(int64(len(pr.Envelopes)))
			}
		}(d)
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	b.StopTimer()
	hwm, rss := procMem(b, cmd.Process.Pid)
	cpu := procCPU(b, cmd.Process.Pid)
	b.ReportMetric(float64(pushed.Load())/secs, "pushed/s")
	b.ReportMetric(float64(pulled.Load())/secs, "pulled/s")
	b.ReportMetric(hwm/1024, "server-peak-RSS-MiB")
	b.ReportMetric(rss/1024, "server-RSS-MiB")
	// The machine may be shared: the server's own CPU time per op says
	// more than the wall clock does.
	b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "server-cpu-ms/op")
}

// procMem reads a process's peak and current resident set, in KiB.
func procMem(b *testing.B, pid int) (hwm, rss float64) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "VmHWM:" {
			hwm, _ = strconv.ParseFloat(f[1], 64)
		}
		if len(f) >= 2 && f[0] == "VmRSS:" {
			rss, _ = strconv.ParseFloat(f[1], 64)
		}
	}
	return hwm, rss
}

// procCPU reads a process's user+system CPU time (Linux clock ticks of 10 ms).
func procCPU(b *testing.B, pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// Fields after the command name, which ends with ")".
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(ut+st) * 10 * time.Millisecond
}
