package main

import (
	"fmt"
	"strings"

	"credence/backend/idcheck"
)

func init() { commands["validate"] = cmdValidate }

// cmdValidate checks one identifier; no workspace is needed. The exit code
// is 0 only when it is valid.
func cmdValidate(e *env, args []string) error {
	fs := newFlags("validate")
	lang := fs.String("lang", "en", "language of the reason: en or zh-CN")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	var keys []string
	for _, t := range idcheck.Types() {
		keys = append(keys, t.Key)
	}
	if len(pos) < 2 {
		return usagef("validate needs TYPE VALUE; TYPE is one of %s", strings.Join(keys, ", "))
	}
	// The value may be typed with spaces, as printed on a document.
	r := idcheck.Validate(pos[0], strings.Join(pos[1:], " "))
	if r.Reason.Code == idcheck.CodeUnknownType {
		return usagef("unknown identifier type %q; TYPE is one of %s", pos[0], strings.Join(keys, ", "))
	}
	if r.Valid {
		fmt.Fprintln(e.stdout, "valid")
		return nil
	}
	reason := r.Reason.EN
	if strings.HasPrefix(strings.ToLower(*lang), "zh") {
		reason = r.Reason.ZH
	}
	fmt.Fprintf(e.stdout, "invalid: %s\n", reason)
	return exitError{1}
}
