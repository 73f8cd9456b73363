package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"credence/backend/syncproto"
)

// The binary's wiring: starts on a free port with a fresh data folder,
// prints the fingerprint it pins, answers health over pinned TLS, stops
// gracefully on cancel, and keeps its certificate across a restart.
func TestMainStartsServesAndStops(t *testing.T) {
	data := t.TempDir()
	run := func() []byte {
		m, err := parseFlags([]string{"--data", data, "--listen", "127.0.0.1:0"}, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		var out, logs bytes.Buffer
		m.Stdout, m.Stderr = &out, &logs
		ctx, cancel := context.WithCancel(context.Background())
		if err := m.Open(ctx); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), FormatFingerprint(m.Fingerprint)) {
			t.Fatalf("fingerprint not printed: %q", out.String())
		}
		done := make(chan error, 1)
		go func() { done <- m.Run(ctx) }()
		hc := &http.Client{Transport: &http.Transport{TLSClientConfig: syncproto.PinnedTLS(m.Fingerprint)}}
		resp, err := hc.Get("https://" + m.Addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		var h syncproto.Health
		json.NewDecoder(resp.Body).Decode(&h)
		resp.Body.Close()
		if h.Status != "ok" {
			t.Fatalf("health = %+v", h)
		}
		wrong := &http.Client{Transport: &http.Transport{TLSClientConfig: syncproto.PinnedTLS(make([]byte, 32))}}
		if _, err := wrong.Get("https://" + m.Addr + "/healthz"); err == nil || !strings.Contains(err.Error(), "fingerprint") {
			t.Fatalf("another pin was accepted: %v", err)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), `"msg":"request"`) || !strings.Contains(logs.String(), `"msg":"stopped"`) {
			t.Fatalf("logs: %s", logs.String())
		}
		return m.Fingerprint
	}
	first := run()
	if second := run(); !bytes.Equal(first, second) {
		t.Fatal("the certificate changed across a restart")
	}
}

func TestFlagsRefuseIncompleteSetups(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--data", "x", "--tls-cert", "c.pem"},
		{"--data", "x", "--log", "xml"},
	} {
		if _, err := parseFlags(args, &bytes.Buffer{}); err == nil {
			t.Fatalf("%v accepted", args)
		}
	}
}
