// Command credence-server relays sealed changes and blobs between the
// devices of Credence workspaces. It never holds a key: see package
// syncserver and README.md ("Sync server").
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"credence/backend/syncserver"
)

func main() {
	m, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "credence-server:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := m.Open(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "credence-server:", err)
		os.Exit(1)
	}
	err = m.Run(ctx)
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "credence-server:", err)
		os.Exit(1)
	}
}

// Main is the server's wiring, in one place, so a test starts exactly what
// the binary starts.
type Main struct {
	Data          string
	Listen        string
	TLSCert       string
	TLSKey        string
	Postgres      string
	MaxWorkspaces int
	Rate          float64
	Burst         int
	MaxBody       int64
	MaxBlob       int64
	LogFormat     string
	Stdout        io.Writer // the fingerprint goes here
	Stderr        io.Writer // logs go here

	storage     syncserver.Storage
	cert        tls.Certificate
	ln          net.Listener
	log         *slog.Logger
	Fingerprint []byte
	Addr        string // the address actually listened on
}

func parseFlags(args []string, errOut io.Writer) (*Main, error) {
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr}
	fs := flag.NewFlagSet("credence-server", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.StringVar(&m.Data, "data", "", "data folder: Badger storage, TLS key and certificate (required)")
	fs.StringVar(&m.Listen, "listen", "127.0.0.1:8443", "address to listen on")
	fs.StringVar(&m.TLSCert, "tls-cert", "", "PEM certificate (default: self-signed, created in --data)")
	fs.StringVar(&m.TLSKey, "tls-key", "", "PEM key for --tls-cert")
	fs.StringVar(&m.Postgres, "postgres", "", "PostgreSQL URL; store in PostgreSQL instead of Badger")
	fs.IntVar(&m.MaxWorkspaces, "max-workspaces", 1, "workspaces this server accepts (0: no limit); a firm's server holds one")
	fs.Float64Var(&m.Rate, "rate", 20, "requests per second per device")
	fs.IntVar(&m.Burst, "burst", 60, "requests a device may make at once above --rate")
	fs.Int64Var(&m.MaxBody, "max-body", 8<<20, "largest JSON request, bytes")
	fs.Int64Var(&m.MaxBlob, "max-blob", 64<<20, "largest sealed attachment, bytes")
	fs.StringVar(&m.LogFormat, "log", "json", "log format: json or text")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case m.Data == "":
		return nil, errors.New("--data DIR is required")
	case (m.TLSCert == "") != (m.TLSKey == ""):
		return nil, errors.New("--tls-cert and --tls-key go together")
	case m.LogFormat != "json" && m.LogFormat != "text":
		return nil, errors.New("--log is json or text")
	}
	return m, nil
}

// Open prepares the data folder, storage, certificate and listener, and
// prints the certificate fingerprint devices will pin.
func (m *Main) Open(ctx context.Context) error {
	if m.LogFormat == "text" {
		m.log = slog.New(slog.NewTextHandler(m.Stderr, nil))
	} else {
		m.log = slog.New(slog.NewJSONHandler(m.Stderr, nil))
	}
	if err := os.MkdirAll(m.Data, 0o700); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	var err error
	if m.TLSCert != "" {
		m.cert, err = syncserver.LoadCert(m.TLSCert, m.TLSKey)
	} else {
		m.cert, err = syncserver.LoadOrCreateCert(m.Data, certHosts(m.Listen))
	}
	if err != nil {
		return err
	}
	m.Fingerprint = syncserver.CertFingerprint(m.cert)
	if m.Postgres != "" {
		m.storage, err = syncserver.OpenPostgres(ctx, m.Postgres)
	} else {
		m.storage, err = syncserver.OpenBadger(filepath.Join(m.Data, "store"))
	}
	if err != nil {
		return err
	}
	m.ln, err = net.Listen("tcp", m.Listen)
	if err != nil {
		m.storage.Close()
		return fmt.Errorf("listen: %w", err)
	}
	m.Addr = m.ln.Addr().String()
	backend := "badger"
	if m.Postgres != "" {
		backend = "postgres" // never the URL: it may carry a password
	}
	fmt.Fprintf(m.Stdout, "credence-server listening on https://%s\nTLS certificate SHA-256 fingerprint: %s\n", m.Addr, FormatFingerprint(m.Fingerprint))
	m.log.Info("started", "addr", m.Addr, "storage", backend, "fingerprint", fmt.Sprintf("%x", m.Fingerprint))
	return nil
}

// Run serves until ctx is done, then shuts down gracefully.
func (m *Main) Run(ctx context.Context) error {
	srv := syncserver.New(syncserver.Options{Storage: m.storage, Log: m.log, MaxBody: m.MaxBody, MaxBlob: m.MaxBlob,
		Rate: m.Rate, Burst: m.Burst, MaxWorkspaces: m.MaxWorkspaces})
	err := srv.Serve(ctx, m.ln, m.cert)
	m.log.Info("stopped")
	return err
}

// Close closes the storage.
func (m *Main) Close() error {
	if m.storage == nil {
		return nil
	}
	return m.storage.Close()
}

// certHosts names the listen host (and this machine) in a self-signed
// certificate. Devices trust it by fingerprint, so this is for people
// reading it, not for verification.
func certHosts(listen string) []string {
	hosts := []string{"localhost"}
	if h, _, err := net.SplitHostPort(listen); err == nil && h != "" {
		hosts = append(hosts, h)
	}
	if h, err := os.Hostname(); err == nil {
		hosts = append(hosts, h)
	}
	return hosts
}

// FormatFingerprint writes AB:CD:… as browsers and openssl show it.
func FormatFingerprint(fp []byte) string {
	parts := make([]string, len(fp))
	for i, b := range fp {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}
