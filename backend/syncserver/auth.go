package syncserver

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"credence/backend/syncproto"
)

// caller is the device a request was authenticated as.
type caller struct {
	ws, device, role string
}

// authed checks the bearer token, that the device is still registered and
// not revoked (so a removal takes effect on the next request, not when the
// token expires), the device's rate, and the role for admin endpoints.
func (s *Server) authed(admin bool, h func(http.ResponseWriter, *http.Request, caller)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			if s.rateOK(w, "addr:"+remoteHost(r)) {
				writeError(w, syncproto.Errorf(syncproto.CodeUnauthorized, "no bearer token"))
			}
			return
		}
		s.mu.Lock()
		sess, found := s.tokens[tok]
		s.mu.Unlock()
		if !found || !s.now().Before(sess.expires) {
			if s.rateOK(w, "addr:"+remoteHost(r)) {
				writeError(w, syncproto.Errorf(syncproto.CodeUnauthorized, "token unknown or expired"))
			}
			return
		}
		if rec, ok := w.(*recorder); ok {
			rec.device = sess.device
		}
		if !s.rateOK(w, "dev:"+sess.ws+"/"+sess.device) {
			return
		}
		d, err := s.opt.Storage.Device(r.Context(), sess.ws, sess.device)
		if err != nil {
			s.fail(w, err)
			return
		}
		if d.Revoked != nil {
			writeError(w, syncproto.Errorf(syncproto.CodeDeviceRevoked, "this device was removed from the workspace"))
			return
		}
		if admin && d.Role != syncproto.RoleAdmin {
			writeError(w, syncproto.Errorf(syncproto.CodeForbidden, "only an admin device may do this"))
			return
		}
		h(w, r, caller{ws: sess.ws, device: sess.device, role: d.Role})
	}
}

func (s *Server) issueToken(ws, device string) (string, session) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	sess := session{ws: ws, device: device, expires: s.now().Add(s.opt.TokenTTL)}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.tokens)%256 == 0 {
		for k, v := range s.tokens {
			if !now.Before(v.expires) {
				delete(s.tokens, k)
			}
		}
	}
	s.tokens[tok] = sess
	return tok, sess
}

// fail answers a storage error with its protocol code; anything unexpected
// is logged (without the request) and answered internal.
func (s *Server) fail(w http.ResponseWriter, err error) {
	code := syncproto.CodeInternal
	for _, m := range []struct {
		err  error
		code string
	}{
		{ErrNotFound, syncproto.CodeNotFound},
		{ErrWorkspaceExists, syncproto.CodeWorkspaceExists},
		{ErrWorkspaceLimit, syncproto.CodeWorkspaceLimit},
		{ErrDeviceExists, syncproto.CodeDeviceExists},
		{ErrPairingUnknown, syncproto.CodePairingUnknown},
		{ErrPairingUsed, syncproto.CodePairingUsed},
		{ErrPairingExpired, syncproto.CodePairingExpired},
		{ErrReplay, syncproto.CodeReplay},
		{ErrBadEpoch, syncproto.CodeBadEpoch},
	} {
		if errors.Is(err, m.err) {
			code = m.code
			break
		}
	}
	if code == syncproto.CodeInternal {
		s.opt.Log.Error("storage", "err", err.Error())
		writeError(w, syncproto.Errorf(code, "the server failed; try again later"))
		return
	}
	writeError(w, syncproto.Errorf(code, "%s", err.Error()))
}
