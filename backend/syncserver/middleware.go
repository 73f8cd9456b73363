package syncserver

import (
	"net"
	"net/http"
	"time"

	"credence/backend/syncproto"
)

// recorder captures what the log line needs: status, size, error code and
// the device. Bodies are never kept.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	code   string
	device string
}

func (r *recorder) WriteHeader(s int) { r.status = s; r.ResponseWriter.WriteHeader(s) }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// logRequests writes one structured line per request: method, path, status,
// error code, device, sizes and duration. Paths hold only ids and hashes of
// sealed bytes; bodies and query values are not logged.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.opt.Log.LogAttrs(r.Context(), levelOf(rec.status), "request",
			slogStr("method", r.Method), slogStr("path", r.URL.Path),
			slogInt("status", rec.status), slogStr("code", rec.code),
			slogStr("device", rec.device), slogStr("remote", remoteHost(r)),
			slogInt64("in", r.ContentLength), slogInt64("out", rec.bytes),
			slogDur("took", time.Since(start)))
	})
}

func remoteHost(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return h
}

// open guards an unauthenticated endpoint with the per-address rate limit.
func (s *Server) open(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.rateOK(w, "addr:"+remoteHost(r)) {
			return
		}
		h(w, r)
	}
}

func (s *Server) rateOK(w http.ResponseWriter, key string) bool {
	ok, wait := s.limiter.allow(key)
	if !ok {
		writeError(w, &syncproto.Error{Code: syncproto.CodeRateLimited, Message: "too many requests", RetryAfter: max(wait, 1)})
	}
	return ok
}
