package syncserver

import (
	"log/slog"
	"net/http"
	"sync"
	"time"

	"credence/backend/syncproto"
)

// Options configure a Server. Zero values take the defaults below.
type Options struct {
	Storage       Storage
	Log           *slog.Logger
	Now           func() time.Time // injectable clock for tests
	MaxBody       int64            // JSON bodies; default 8 MiB
	MaxBlob       int64            // blob bodies; default 64 MiB
	Rate          float64          // requests per second per device (or per address before auth); default 20
	Burst         int              // default 60
	TokenTTL      time.Duration    // default 15 min
	ChallengeTTL  time.Duration    // default 1 min
	PairingTTL    time.Duration    // default and maximum lifetime of a pairing code; default 15 min
	MaxWorkspaces int              // 0: unlimited; a firm's own server uses 1 (the first device claims it)
}

// Server answers the sync protocol. Tokens live in memory: a restarted
// server asks devices to sign a new challenge, which they do on
// unauthorized.
type Server struct {
	opt     Options
	mux     *http.ServeMux
	limiter *limiter

	mu     sync.Mutex
	tokens map[string]session
}

type session struct {
	ws, device string
	expires    time.Time
}

// New returns a server over opt.Storage.
func New(opt Options) *Server {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&opt.MaxBody, 8<<20)
	def(&opt.MaxBlob, 64<<20)
	if opt.Rate <= 0 {
		opt.Rate = 20
	}
	if opt.Burst <= 0 {
		opt.Burst = 60
	}
	for _, d := range []struct {
		v *time.Duration
		d time.Duration
	}{{&opt.TokenTTL, 15 * time.Minute}, {&opt.ChallengeTTL, time.Minute}, {&opt.PairingTTL, 15 * time.Minute}} {
		if *d.v <= 0 {
			*d.v = d.d
		}
	}
	s := &Server{opt: opt, tokens: map[string]session{}, limiter: newLimiter(opt.Rate, opt.Burst, opt.Now)}
	s.routes()
	return s
}

// Handler is the server's HTTP handler, logging every request.
func (s *Server) Handler() http.Handler { return s.logRequests(s.mux) }

// now is the server's clock at PostgreSQL's precision, so both storages
// return the times they were given.
func (s *Server) now() time.Time { return s.opt.Now().UTC().Truncate(time.Microsecond) }

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /healthz", s.health)
	m.HandleFunc("GET /v1/info", s.open(s.info))
	m.HandleFunc("POST /v1/workspaces", s.open(s.createWorkspace))
	m.HandleFunc("POST /v1/auth/challenge", s.open(s.challenge))
	m.HandleFunc("POST /v1/auth/token", s.open(s.token))
	m.HandleFunc("POST /v1/pair", s.open(s.pair))
	m.HandleFunc("POST /v1/pairings", s.authed(true, s.createPairing))
	m.HandleFunc("GET /v1/devices", s.authed(false, s.devices))
	m.HandleFunc("DELETE /v1/devices/{id}", s.authed(true, s.removeDevice))
	m.HandleFunc("GET /v1/keys", s.authed(false, s.keys))
	m.HandleFunc("PUT /v1/keys", s.authed(true, s.putKeys))
	m.HandleFunc("POST /v1/push", s.authed(false, s.push))
	m.HandleFunc("GET /v1/pull", s.authed(false, s.pull))
	m.HandleFunc("PUT /v1/blobs/{hash}", s.authed(false, s.putBlob))
	m.HandleFunc("GET /v1/blobs/{hash}", s.authed(false, s.getBlob))
	m.HandleFunc("HEAD /v1/blobs/{hash}", s.authed(false, s.getBlob))
	m.HandleFunc("/", s.fallback)
	s.mux = m
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, syncproto.Health{Status: "ok", Protocol: syncproto.Version})
}

func (s *Server) info(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, syncproto.Info{Protocol: syncproto.Version, ServerTime: s.now(),
		MaxBatch: syncproto.MaxBatch, MaxBody: s.opt.MaxBody, MaxBlob: s.opt.MaxBlob})
}

// fallback tells an old or new client that its version is not spoken here,
// rather than a bare 404.
func (s *Server) fallback(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if len(p) > 2 && p[1] == 'v' && p[2] >= '0' && p[2] <= '9' && !hasPrefix(p, syncproto.Prefix) {
		writeError(w, syncproto.Errorf(syncproto.CodeUnsupportedVersion, "this server speaks protocol %d", syncproto.Version))
		return
	}
	writeError(w, syncproto.Errorf(syncproto.CodeNotFound, "no such endpoint"))
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
