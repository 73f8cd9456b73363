package syncclient

import (
	"bytes"
	"context"
	"credence/backend/changelog"
	"crypto/ed25519"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"credence/backend/errs"
	"credence/backend/syncproto"
)

// Options tune a client. The zero value is right for the app.
type Options struct {
	// Transport wraps the pinned TLS transport (tests cut connections
	// with it); nil uses it as it is.
	Transport func(http.RoundTripper) http.RoundTripper
	// Now is the device clock; time.Now when nil.
	Now func() time.Time
	// Batch is the number of changes per push and pull (MaxBatch when 0).
	Batch int
	// ForceDeletes pushes a mass delete the safety check would refuse.
	ForceDeletes bool
	// MaxSkew is the clock difference that raises a warning (5 min when 0).
	MaxSkew time.Duration
	// Apply takes in pulled changes (the store's Apply when nil). The
	// workspace passes its own, which also re-derives this device's
	// records (screening, latest assessment, the alert board's summaries).
	Apply func([]changelog.Change) (changelog.ApplyResult, error)
	// Progress hears the step a sync is at ("changes", "files"); the app
	// shows it.
	Progress func(step string)
}

func (o Options) progress(step string) {
	if o.Progress != nil {
		o.Progress(step)
	}
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// conn is an HTTP connection to the pinned server, authenticated as the
// device once it holds a token.
type conn struct {
	server, ws, device string
	sign               ed25519.PrivateKey
	hc                 *http.Client
	opt                Options
	token              string
	tok                syncproto.Token
	skew               time.Duration // server time minus device time at the last token
}

func newConn(server string, fp []byte, opt Options) *conn {
	var rt http.RoundTripper = &http.Transport{TLSClientConfig: syncproto.PinnedTLS(fp), MaxIdleConnsPerHost: 2,
		TLSHandshakeTimeout: 15 * time.Second}
	if opt.Transport != nil {
		rt = opt.Transport(rt)
	}
	return &conn{server: server, hc: &http.Client{Transport: rt, Timeout: 2 * time.Minute}, opt: opt}
}

func (c *conn) close() {
	c.hc.CloseIdleConnections()
}

// call sends a JSON request and decodes the answer into out. With auth it
// signs in first, and again once when a restarted server forgot the token.
func (c *conn) call(ctx context.Context, method, path string, auth bool, body, out any) error {
	if auth && c.token == "" {
		if err := c.login(ctx); err != nil {
			return err
		}
	}
	err := c.do(ctx, method, path, auth, body, out)
	var pe *syncproto.Error
	if auth && errors.As(err, &pe) && pe.Code == syncproto.CodeUnauthorized {
		c.token = ""
		if err := c.login(ctx); err != nil {
			return err
		}
		err = c.do(ctx, method, path, auth, body, out)
	}
	if errors.As(err, &pe) {
		return protoErr(pe)
	}
	return err
}

func (c *conn) do(ctx context.Context, method, path string, auth bool, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return errs.Wrap(errs.Internal, err, "encode %s", path)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.server+path, rd)
	if err != nil {
		return errs.Wrap(errs.Invalid, err, "server address %s", c.server).WithKey("err.syncServerAddress", "server", c.server)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return netErr(c.server, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return netErr(c.server, err)
	}
	if resp.StatusCode >= 300 {
		var pe syncproto.Error
		if json.Unmarshal(b, &pe) != nil || pe.Code == "" {
			pe = syncproto.Error{Code: syncproto.CodeInternal, Message: fmt.Sprintf("HTTP %d", resp.StatusCode)}
		}
		return &pe
	}
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			return errs.Wrap(errs.Internal, err, "the server's answer to %s is not understood", path).WithKey("err.syncBadAnswer")
		}
	}
	return nil
}

// login answers a challenge with the device key; the token carries the
// server's clock (a skew is a warning, never a refusal), epoch and role.
func (c *conn) login(ctx context.Context) error {
	var ch syncproto.Challenge
	if err := c.do(ctx, http.MethodPost, "/v1/auth/challenge", false,
		syncproto.ChallengeRequest{Workspace: c.ws, Device: c.device}, &ch); err != nil {
		return asErr(err)
	}
	now := c.opt.now()
	req := syncproto.TokenRequest{Workspace: c.ws, Device: c.device, Nonce: ch.Nonce, Time: now,
		Signature: ed25519.Sign(c.sign, syncproto.AuthMessage(ch.Nonce, c.device, c.ws, now))}
	var tok syncproto.Token
	if err := c.do(ctx, http.MethodPost, "/v1/auth/token", false, req, &tok); err != nil {
		return asErr(err)
	}
	c.token, c.tok = tok.Token, tok
	c.skew = tok.ServerTime.Sub(c.opt.now())
	return nil
}

func asErr(err error) error {
	var pe *syncproto.Error
	if errors.As(err, &pe) {
		return protoErr(pe)
	}
	return err
}

// fetchFingerprint connects once without a pin and returns the server
// certificate's fingerprint: trust on first use by the admin who set the
// server up; every later connection, and every joining device, pins it.
func fetchFingerprint(ctx context.Context, server string) ([]byte, error) {
	u := server
	if len(u) < 9 || u[:8] != "https://" {
		return nil, errs.New(errs.Invalid, "the server address must start with https://").WithKey("err.syncServerAddress", "server", server)
	}
	host := u[8:]
	for i := 0; i < len(host); i++ {
		if host[i] == '/' {
			host = host[:i]
			break
		}
	}
	d := tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS13}} // the pin is taken here
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	nc, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return nil, netErr(server, err)
	}
	defer nc.Close()
	certs := nc.(*tls.Conn).ConnectionState().PeerCertificates
	if len(certs) == 0 {
		return nil, errs.New(errs.Invalid, "the server sent no certificate").WithKey("err.syncUnreachable", "server", server)
	}
	return syncproto.Fingerprint(certs[0].Raw), nil
}
