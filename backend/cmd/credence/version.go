package main

import (
	"encoding/json"
	"fmt"

	"credence/backend/version"
)

func init() { commands["version"] = cmdVersion }

// cmdVersion prints the build's version; it needs no workspace, so an
// installer check can run it right after installing.
func cmdVersion(e *env, args []string) error {
	fs := newFlags("version")
	asJSON := fs.Bool("json", false, "print as JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *asJSON {
		b, _ := json.MarshalIndent(version.Get(), "", "  ")
		_, err := fmt.Fprintf(e.stdout, "%s\n", b)
		return err
	}
	_, err := fmt.Fprintln(e.stdout, version.Get())
	return err
}
