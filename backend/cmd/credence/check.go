package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
)

func init() { commands["check"] = cmdCheck }

// cmdCheck prints all red flags of a dossier, screening it first when it
// was never screened or lists were imported since.
func cmdCheck(e *env, args []string) error {
	fs := newFlags("check")
	asJSON := fs.Bool("json", false, "print JSON")
	id, err := oneArg(fs, args, "customer ID")
	if err != nil {
		return err
	}
	ws, _, err := e.openDossier(id)
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	f, err := ws.RedFlags(id) // the app's rule: screened first when never or against older lists
	if err != nil {
		return err
	}
	flags := f.Flags
	if *asJSON {
		return writeJSON(e, map[string]any{"flags": flags})
	}
	if len(flags) == 0 {
		fmt.Fprintln(e.stdout, "no red flags")
		return nil
	}
	zh := false
	if st, err := s.Settings(); err == nil && st.Language != "en" {
		zh = true
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	count := map[string]int{}
	for _, f := range flags {
		text := f.EN
		if zh {
			text = f.ZH
		}
		field := f.Field
		if field == "" {
			field = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", strings.ToUpper(f.Severity), field, f.Code, text)
		count[f.Severity]++
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%d red flags: %d high, %d medium, %d low\n", len(flags), count["high"], count["medium"], count["low"])
	return nil
}
