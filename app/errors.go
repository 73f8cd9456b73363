package app

import (
	"encoding/json"
	"errors"
	"log"

	"credence/backend/errs"
)

// UIError is what the frontend receives when a call fails: a code and an
// i18n key with parameters, from which it builds a sentence in the user's
// language. The English message is kept for logs and as a last resort.
type UIError struct {
	Code    string            `json:"code"`
	Key     string            `json:"key"`
	Params  map[string]string `json:"params,omitempty"`
	Message string            `json:"message"`
}

// uiErr converts a backend error for the frontend. Wails passes only the
// error's text to JavaScript, so the text is the JSON of a UIError.
func uiErr(err error) error {
	if err == nil {
		return nil
	}
	u := UIError{Code: errs.Code(err), Message: err.Error()}
	if e, ok := errs.As(err); ok {
		u.Key, u.Params = e.Key, e.Params
	}
	if u.Code == errs.Internal {
		log.Printf("internal error: %v", err) // people see a sentence; we keep the detail
	}
	b, _ := json.Marshal(u)
	return errors.New(string(b))
}
