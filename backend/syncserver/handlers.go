package syncserver

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"credence/backend/syncproto"
)

func validKeys(d syncproto.DeviceKeys) *syncproto.Error {
	if !syncproto.ValidUUID(d.ID) || len(d.SignPub) != 32 || len(d.BoxPub) != 32 || len(d.Name) > 200 || len(d.Person) > 100 || len(d.Proof) > 64 {
		return syncproto.Errorf(syncproto.CodeBadRequest, "device needs a uuid, 32-byte keys, a name under 200 bytes and a person id under 100")
	}
	return nil
}

func (s *Server) createWorkspace(w http.ResponseWriter, r *http.Request) {
	var req syncproto.CreateWorkspace
	if e := readJSON(w, r, s.opt.MaxBody, &req); e != nil {
		writeError(w, e)
		return
	}
	if !syncproto.ValidUUID(req.Workspace) {
		writeError(w, syncproto.Errorf(syncproto.CodeBadRequest, "workspace id is not a uuid"))
		return
	}
	if e := validKeys(req.Device); e != nil {
		writeError(w, e)
		return
	}
	if !syncproto.Verify(req.Device.SignPub, syncproto.CreateMessage(req.Workspace, req.Device), req.Signature) {
		writeError(w, syncproto.Errorf(syncproto.CodeUnauthorized, "signature does not match the device key"))
		return
	}
	d := syncproto.Device{DeviceKeys: req.Device, Workspace: req.Workspace, Role: syncproto.RoleAdmin, Created: s.now()}
	if err := s.opt.Storage.CreateWorkspace(r.Context(), req.Workspace, d, s.opt.MaxWorkspaces); err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, syncproto.Registered{Device: d, Epoch: 1})
}

func (s *Server) workspace(w http.ResponseWriter, r *http.Request, ws string) (Workspace, bool) {
	wsp, err := s.opt.Storage.Workspace(r.Context(), ws)
	if errors.Is(err, ErrNotFound) {
		writeError(w, syncproto.Errorf(syncproto.CodeWorkspaceUnknown, "no such workspace on this server"))
		return wsp, false
	}
	if err != nil {
		s.fail(w, err)
		return wsp, false
	}
	return wsp, true
}

// device loads a device for the auth endpoints, answering unknown_device or
// device_revoked itself.
func (s *Server) device(w http.ResponseWriter, r *http.Request, ws, id string) (syncproto.Device, bool) {
	if _, ok := s.workspace(w, r, ws); !ok {
		return syncproto.Device{}, false
	}
	d, err := s.opt.Storage.Device(r.Context(), ws, id)
	if errors.Is(err, ErrNotFound) {
		writeError(w, syncproto.Errorf(syncproto.CodeUnknownDevice, "this device is not registered in the workspace"))
		return d, false
	}
	if err != nil {
		s.fail(w, err)
		return d, false
	}
	if d.Revoked != nil {
		writeError(w, syncproto.Errorf(syncproto.CodeDeviceRevoked, "this device was removed from the workspace"))
		return d, false
	}
	return d, true
}

func (s *Server) challenge(w http.ResponseWriter, r *http.Request) {
	var req syncproto.ChallengeRequest
	if e := readJSON(w, r, 4<<10, &req); e != nil {
		writeError(w, e)
		return
	}
	if _, ok := s.device(w, r, req.Workspace, req.Device); !ok {
		return
	}
	nonce := make([]byte, 32)
	_, _ = rand.Read(nonce)
	exp := s.now().Add(s.opt.ChallengeTTL)
	if err := s.opt.Storage.PutChallenge(r.Context(), req.Workspace, req.Device, nonce, exp); err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, syncproto.Challenge{Nonce: nonce, Expires: exp})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	var req syncproto.TokenRequest
	if e := readJSON(w, r, 4<<10, &req); e != nil {
		writeError(w, e)
		return
	}
	d, ok := s.device(w, r, req.Workspace, req.Device)
	if !ok {
		return
	}
	// Check the signature before consuming the nonce, so a forged answer
	// cannot burn a device's pending challenge.
	if !syncproto.Verify(d.SignPub, syncproto.AuthMessage(req.Nonce, req.Device, req.Workspace, req.Time), req.Signature) {
		writeError(w, syncproto.Errorf(syncproto.CodeUnauthorized, "signature does not match the device key"))
		return
	}
	if err := s.opt.Storage.ConsumeChallenge(r.Context(), req.Workspace, req.Device, req.Nonce, s.now()); err != nil {
		s.fail(w, err)
		return
	}
	wsp, ok := s.workspace(w, r, req.Workspace)
	if !ok {
		return
	}
	tok, sess := s.issueToken(req.Workspace, req.Device)
	writeJSON(w, http.StatusOK, syncproto.Token{Token: tok, Expires: sess.expires, ServerTime: s.now(), Epoch: wsp.Epoch, Role: d.Role})
}

func (s *Server) createPairing(w http.ResponseWriter, r *http.Request, c caller) {
	var req syncproto.PairingRequest
	if e := readJSON(w, r, 4<<10, &req); e != nil {
		writeError(w, e)
		return
	}
	if !syncproto.ValidRole(req.Role) {
		writeError(w, syncproto.Errorf(syncproto.CodeBadRequest, "unknown role %q", req.Role))
		return
	}
	ttl := s.opt.PairingTTL
	if req.TTL > 0 && time.Duration(req.TTL)*time.Second < ttl {
		ttl = time.Duration(req.TTL) * time.Second
	}
	secret := make([]byte, 16)
	_, _ = rand.Read(secret)
	p := Pairing{Hash: syncproto.SecretHash(secret), Workspace: c.ws, Role: req.Role, CreatedBy: c.device, Expires: s.now().Add(ttl)}
	if err := s.opt.Storage.CreatePairing(r.Context(), p); err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, syncproto.PairingCreated{Secret: secret, Role: p.Role, Expires: p.Expires})
}

func (s *Server) pair(w http.ResponseWriter, r *http.Request) {
	var req syncproto.Pair
	if e := readJSON(w, r, 8<<10, &req); e != nil {
		writeError(w, e)
		return
	}
	if e := validKeys(req.Device); e != nil {
		writeError(w, e)
		return
	}
	if !syncproto.Verify(req.Device.SignPub, syncproto.PairMessage(req.Workspace, req.Secret, req.Device), req.Signature) {
		writeError(w, syncproto.Errorf(syncproto.CodeUnauthorized, "signature does not match the device key"))
		return
	}
	wsp, ok := s.workspace(w, r, req.Workspace)
	if !ok {
		return
	}
	d := syncproto.Device{DeviceKeys: req.Device, Workspace: req.Workspace, Created: s.now()}
	d, err := s.opt.Storage.RedeemPairing(r.Context(), syncproto.SecretHash(req.Secret), d, s.now())
	if err != nil {
		s.fail(w, err)
		return
	}
	s.opt.Log.Info("device paired", "device", d.ID, "role", d.Role)
	writeJSON(w, http.StatusCreated, syncproto.Registered{Device: d, Epoch: wsp.Epoch})
}

func (s *Server) devices(w http.ResponseWriter, r *http.Request, c caller) {
	wsp, ok := s.workspace(w, r, c.ws)
	if !ok {
		return
	}
	ds, err := s.opt.Storage.Devices(r.Context(), c.ws)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, syncproto.Devices{Devices: ds, Epoch: wsp.Epoch})
}

func (s *Server) removeDevice(w http.ResponseWriter, r *http.Request, c caller) {
	id := r.PathValue("id")
	if id == c.device {
		// An admin removing itself could leave a workspace nobody administers.
		writeError(w, syncproto.Errorf(syncproto.CodeForbidden, "a device cannot remove itself; another admin device can"))
		return
	}
	epoch, err := s.opt.Storage.RevokeDevice(r.Context(), c.ws, id, s.now())
	if err != nil {
		s.fail(w, err)
		return
	}
	// Its tokens stay in the map until they expire, so it is told
	// device_revoked (not a vague unauthorized) on its next request.
	s.opt.Log.Info("device removed", "device", id, "by", c.device, "epoch", epoch)
	writeJSON(w, http.StatusOK, syncproto.Removed{Device: id, Epoch: epoch})
}

func (s *Server) keys(w http.ResponseWriter, r *http.Request, c caller) {
	ks, err := s.opt.Storage.WrappedKeys(r.Context(), c.ws, c.device)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, syncproto.Keys{Keys: ks})
}

func (s *Server) putKeys(w http.ResponseWriter, r *http.Request, c caller) {
	var req syncproto.Keys
	if e := readJSON(w, r, s.opt.MaxBody, &req); e != nil {
		writeError(w, e)
		return
	}
	for i, k := range req.Keys {
		req.Keys[i].By = c.device
		if len(k.Wrapped) == 0 {
			writeError(w, syncproto.Errorf(syncproto.CodeBadRequest, "empty wrapped key"))
			return
		}
		// A key rotated away from a removed device must not reach it again.
		if d, err := s.opt.Storage.Device(r.Context(), c.ws, k.Device); err == nil && d.Revoked != nil {
			writeError(w, syncproto.Errorf(syncproto.CodeDeviceRevoked, "device %s was removed; it gets no key", k.Device))
			return
		}
	}
	if err := s.opt.Storage.PutWrappedKeys(r.Context(), c.ws, req.Keys); err != nil {
		s.fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) push(w http.ResponseWriter, r *http.Request, c caller) {
	var req syncproto.Push
	if e := readJSON(w, r, s.opt.MaxBody, &req); e != nil {
		writeError(w, e)
		return
	}
	if len(req.Envelopes) == 0 || len(req.Envelopes) > syncproto.MaxBatch {
		writeError(w, syncproto.Errorf(syncproto.CodeBadRequest, "a push holds 1 to %d envelopes", syncproto.MaxBatch))
		return
	}
	wsp, ok := s.workspace(w, r, c.ws)
	if !ok {
		return
	}
	for _, e := range req.Envelopes {
		switch {
		case e.Device != c.device:
			writeError(w, syncproto.Errorf(syncproto.CodeForbidden, "a device pushes only its own changes"))
			return
		case !syncproto.ValidUUID(e.ChangeID) || len(e.Sealed) == 0:
			writeError(w, syncproto.Errorf(syncproto.CodeBadRequest, "an envelope needs a uuid change id and sealed bytes"))
			return
		case e.Epoch == 0 || e.Epoch > wsp.Epoch:
			writeError(w, syncproto.Errorf(syncproto.CodeBadEpoch, "epoch %d; the workspace is at %d", e.Epoch, wsp.Epoch))
			return
		}
	}
	seqs, dup, err := s.opt.Storage.Append(r.Context(), c.ws, req.Envelopes, s.now())
	if err != nil {
		s.fail(w, err)
		return
	}
	res := syncproto.PushResult{Seqs: seqs}
	for i, d := range dup {
		if d {
			res.Duplicates++
			continue
		}
		res.Accepted++
		if res.FirstSeq == 0 {
			res.FirstSeq = seqs[i]
		}
		res.LastSeq = seqs[i]
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request, c caller) {
	q := r.URL.Query()
	since, err := strconv.ParseUint(q.Get("since"), 10, 64)
	if err != nil && q.Get("since") != "" {
		writeError(w, syncproto.Errorf(syncproto.CodeBadRequest, "since is not a number"))
		return
	}
	limit := syncproto.MaxPullLimit
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l > 0 && l < limit {
		limit = l
	}
	// One more than asked says whether another page waits.
	envs, err := s.opt.Storage.Since(r.Context(), c.ws, since, limit+1)
	if err != nil {
		s.fail(w, err)
		return
	}
	res := syncproto.PullResult{Envelopes: envs, Next: since}
	if len(envs) > limit {
		res.Envelopes, res.More = envs[:limit], true
	}
	if n := len(res.Envelopes); n > 0 {
		res.Next = res.Envelopes[n-1].Seq
	}
	if res.Envelopes == nil {
		res.Envelopes = []syncproto.Stored{}
	}
	writeJSON(w, http.StatusOK, res)
}

func validHash(h string) bool {
	if len(h) != 64 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil && h == strings.ToLower(h)
}

func (s *Server) putBlob(w http.ResponseWriter, r *http.Request, c caller) {
	hash := r.PathValue("hash")
	if !validHash(hash) {
		writeError(w, syncproto.Errorf(syncproto.CodeBadRequest, "blob name is not a lowercase hex sha-256"))
		return
	}
	data, e := readBody(w, r, s.opt.MaxBlob)
	if e != nil {
		writeError(w, e)
		return
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != hash {
		writeError(w, syncproto.Errorf(syncproto.CodeHashMismatch, "the bytes do not hash to the blob's name"))
		return
	}
	existed, err := s.opt.Storage.PutBlob(r.Context(), c.ws, hash, data)
	if err != nil {
		s.fail(w, err)
		return
	}
	status := http.StatusCreated
	if existed {
		status = http.StatusOK
	}
	writeJSON(w, status, syncproto.BlobPut{Hash: hash, Existed: existed})
}

func (s *Server) getBlob(w http.ResponseWriter, r *http.Request, c caller) {
	hash := r.PathValue("hash")
	if !validHash(hash) {
		writeError(w, syncproto.Errorf(syncproto.CodeBadRequest, "blob name is not a lowercase hex sha-256"))
		return
	}
	data, err := s.opt.Storage.Blob(r.Context(), c.ws, hash)
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}
