package syncproto

import "fmt"

// Error codes carried in an Error body. They are stable strings: the app
// maps each to a sentence in the person's language.
const (
	CodeBadRequest         = "bad_request"         // malformed body or parameter
	CodeUnsupportedVersion = "unsupported_version" // path is not /v1/
	CodeUnauthorized       = "unauthorized"        // missing, unknown or expired token, bad signature
	CodeUnknownDevice      = "unknown_device"      // the device is not registered in the workspace
	CodeDeviceRevoked      = "device_revoked"      // the device was removed by an admin
	CodeForbidden          = "forbidden"           // the device's role may not do this
	CodeReplay             = "replay"              // a nonce used twice or unknown
	CodePairingUnknown     = "pairing_unknown"     // no such pairing code
	CodePairingUsed        = "pairing_used"        // the code was already redeemed
	CodePairingExpired     = "pairing_expired"     // the code is too old
	CodeWorkspaceExists    = "workspace_exists"    // a workspace with that id is registered
	CodeWorkspaceUnknown   = "workspace_unknown"   // no such workspace on this server
	CodeWorkspaceLimit     = "workspace_limit"     // the server holds all the workspaces it may
	CodeDeviceExists       = "device_exists"       // a device with that id is registered
	CodeBadEpoch           = "bad_epoch"           // an envelope or key names an epoch the server does not have
	CodeHashMismatch       = "hash_mismatch"       // a blob's bytes do not hash to its name
	CodeNotFound           = "not_found"           // no such blob or device
	CodeTooLarge           = "too_large"           // body above the server's limit
	CodeRateLimited        = "rate_limited"        // too many requests; see RetryAfter
	CodeInternal           = "internal"            // the server failed; retry later
)

// Error is the body of every non-2xx answer.
type Error struct {
	Code       string `json:"code"`
	Message    string `json:"message,omitempty"`     // English, for logs and developers
	RetryAfter int    `json:"retry_after,omitempty"` // seconds, with rate_limited
}

func (e *Error) Error() string {
	if e.Message == "" {
		return "sync: " + e.Code
	}
	return fmt.Sprintf("sync: %s: %s", e.Code, e.Message)
}

// Errorf returns an Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
