package syncserver

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"credence/backend/syncproto"
)

var statusOf = map[string]int{
	syncproto.CodeBadRequest:         http.StatusBadRequest,
	syncproto.CodeUnsupportedVersion: http.StatusNotFound,
	syncproto.CodeUnauthorized:       http.StatusUnauthorized,
	syncproto.CodeUnknownDevice:      http.StatusUnauthorized,
	syncproto.CodeDeviceRevoked:      http.StatusForbidden,
	syncproto.CodeForbidden:          http.StatusForbidden,
	syncproto.CodeReplay:             http.StatusUnauthorized,
	syncproto.CodePairingUnknown:     http.StatusNotFound,
	syncproto.CodePairingUsed:        http.StatusGone,
	syncproto.CodePairingExpired:     http.StatusGone,
	syncproto.CodeWorkspaceExists:    http.StatusConflict,
	syncproto.CodeWorkspaceUnknown:   http.StatusNotFound,
	syncproto.CodeWorkspaceLimit:     http.StatusForbidden,
	syncproto.CodeDeviceExists:       http.StatusConflict,
	syncproto.CodeBadEpoch:           http.StatusConflict,
	syncproto.CodeHashMismatch:       http.StatusBadRequest,
	syncproto.CodeNotFound:           http.StatusNotFound,
	syncproto.CodeTooLarge:           http.StatusRequestEntityTooLarge,
	syncproto.CodeRateLimited:        http.StatusTooManyRequests,
	syncproto.CodeInternal:           http.StatusInternalServerError,
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, e *syncproto.Error) {
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if rec, ok := w.(*recorder); ok {
		rec.code = e.Code
	}
	writeJSON(w, status, e)
}

// readJSON decodes a body of at most limit bytes into v.
func readJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) *syncproto.Error {
	b, perr := readBody(w, r, limit)
	if perr != nil {
		return perr
	}
	if err := json.Unmarshal(b, v); err != nil {
		return syncproto.Errorf(syncproto.CodeBadRequest, "body is not valid JSON for this request")
	}
	return nil
}

func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, *syncproto.Error) {
	if r.ContentLength > limit {
		return nil, syncproto.Errorf(syncproto.CodeTooLarge, "body above %d bytes", limit)
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, syncproto.Errorf(syncproto.CodeTooLarge, "body above %d bytes", limit)
	}
	if err != nil {
		return nil, syncproto.Errorf(syncproto.CodeBadRequest, "reading body: %v", err)
	}
	return b, nil
}
