package syncclient

import (
	"errors"

	"credence/backend/errs"
	"credence/backend/syncproto"
)

// protoKeys turn the server's codes into sentences (err.* keys).
var protoKeys = map[string]struct{ code, key string }{
	syncproto.CodeUnsupportedVersion: {errs.Invalid, "err.syncVersion"},
	syncproto.CodeUnauthorized:       {errs.Unauthorized, "err.syncUnauthorized"},
	syncproto.CodeUnknownDevice:      {errs.Unauthorized, "err.syncUnknownDevice"},
	syncproto.CodeDeviceRevoked:      {errs.Unauthorized, "err.syncDeviceRemoved"},
	syncproto.CodeForbidden:          {errs.Unauthorized, "err.syncForbidden"},
	syncproto.CodePairingUnknown:     {errs.NotFound, "err.syncPairingUnknown"},
	syncproto.CodePairingUsed:        {errs.Conflict, "err.syncPairingUsed"},
	syncproto.CodePairingExpired:     {errs.Invalid, "err.syncPairingExpired"},
	syncproto.CodeWorkspaceExists:    {errs.Conflict, "err.syncWorkspaceExists"},
	syncproto.CodeWorkspaceUnknown:   {errs.NotFound, "err.syncWorkspaceUnknown"},
	syncproto.CodeWorkspaceLimit:     {errs.Conflict, "err.syncWorkspaceLimit"},
	syncproto.CodeRateLimited:        {errs.Conflict, "err.syncBusy"},
	syncproto.CodeTooLarge:           {errs.Invalid, "err.syncTooLarge"},
}

// protoErr is a server error as a sentence; codes a person cannot act on
// (bad_request, internal …) say the server failed.
func protoErr(pe *syncproto.Error) error {
	if m, ok := protoKeys[pe.Code]; ok {
		return errs.Wrap(m.code, pe, "%s", pe.Error()).WithKey(m.key)
	}
	return errs.Wrap(errs.Internal, pe, "%s", pe.Error()).WithKey("err.syncServerFailed", "code", pe.Code)
}

// netErr is a failure to reach the server, or a certificate that is not
// the pinned one (the server's identity changed: stop, say so).
func netErr(server string, err error) error {
	var fe *syncproto.FingerprintError
	if errors.As(err, &fe) {
		return errs.Wrap(errs.Unauthorized, err, "the server at %s is not the one this device paired with (certificate changed)", server).
			WithKey("err.syncFingerprint", "server", server)
	}
	return errs.Wrap(errs.Internal, err, "cannot reach the sync server at %s", server).WithKey("err.syncUnreachable", "server", server)
}

// Code returns the server's protocol code carried by err, or "".
func Code(err error) string {
	var pe *syncproto.Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}
