package syncserver

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

const pgBin = "/usr/lib/postgresql/15/bin"

// testPG is a real PostgreSQL started for one test: Debian's package, run
// as the postgres user (initdb refuses root) in a temporary folder, on a
// free loopback port, stopped in the test's cleanup. It fails the test,
// never skips it, when the server cannot start.
type testPG struct {
	port int
	dir  string // holds the cluster's files, scanned by the marker test
	n    atomic.Int32
}

func startPG(tb testing.TB) *testPG { tb.Helper(); return startPGWith(tb, false) }

// startPGWith chooses fsync: off for tests (speed), on for benchmarks
// (the figures must include the cost of durable commits).
func startPGWith(tb testing.TB, fsync bool) *testPG {
	tb.Helper()
	pg, err := user.Lookup("postgres")
	if err != nil {
		tb.Fatalf("postgres user (apt-get install postgresql): %v", err)
	}
	uid, _ := strconv.Atoi(pg.Uid)
	gid, _ := strconv.Atoi(pg.Gid)
	dir, err := os.MkdirTemp("", "credence-pg-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chown(dir, uid, gid); err != nil {
		tb.Fatal(err)
	}
	run := func(args ...string) {
		tb.Helper()
		cmd := exec.Command("runuser", append([]string{"-u", "postgres", "--"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			tb.Fatalf("%v: %v\n%s\n%s", args, err, out, log)
		}
	}
	port := freePort(tb)
	data := filepath.Join(dir, "data")
	run(pgBin+"/initdb", "-D", data, "-A", "trust", "-U", "credence", "--no-sync")
	fs := "off"
	if fsync {
		fs = "on"
	}
	run(pgBin+"/pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w",
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=%s -c max_connections=300", port, dir, fs), "start")
	tb.Cleanup(func() {
		cmd := exec.Command("runuser", "-u", "postgres", "--", pgBin+"/pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Errorf("stop postgres: %v\n%s", err, out)
		}
	})
	return &testPG{port: port, dir: dir}
}

func freePort(tb testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func (p *testPG) url(db string) string {
	return fmt.Sprintf("postgres://credence@127.0.0.1:%d/%s?sslmode=disable", p.port, db)
}

// fresh creates an empty database and returns storage on it.
func (p *testPG) fresh(tb testing.TB) *PostgresStorage {
	tb.Helper()
	ctx := context.Background()
	db := fmt.Sprintf("t%d", p.n.Add(1))
	conn, err := pgx.Connect(ctx, p.url("postgres"))
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "create database "+db); err != nil {
		tb.Fatal(err)
	}
	s, err := OpenPostgres(ctx, p.url(db))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
