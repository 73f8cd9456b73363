package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"credence/backend/workspace"
)

func init() { commands["audit"] = cmdAudit }

const auditUsage = `  audit [--json] [--user NAME] [--action A]... [--customer ID] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
                                the audit trail, newest first: who saw, exported, printed,
                                backed up, decided or deleted what, on which computer
  audit verify [--json]         check every computer's chain of the trail; exits 1 when an
                                entry was edited, removed or cut off
`

// cmdAudit lists the audit trail, or checks it (audit verify).
func cmdAudit(e *env, args []string) error {
	if len(args) > 0 && args[0] == "verify" {
		return cmdAuditVerify(e, args[1:])
	}
	fs := newFlags("audit")
	asJSON := fs.Bool("json", false, "print JSON")
	user := fs.String("user", "", "entries by this person (name or id)")
	var actions multi
	fs.Var(&actions, "action", "entries of this action (repeatable): view, print, export_xlsx, backup, …")
	customer := fs.String("customer", "", "entries about this customer (dossier id)")
	since := fs.String("since", "", "entries on or after this day")
	until := fs.String("until", "", "entries on or before this day")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("usage:\n%s", auditUsage)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	rows, err := ws.AuditRows(workspace.AuditFilter{User: *user, Subject: *customer, Actions: actions, From: *since, To: *until})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, rows)
	}
	lang := settingsLang(ws)
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\n", r.At.Local().Format("2006-01-02 15:04:05"), printable(r.DeviceName.In(lang)), printable(r.Sentence.In(lang)))
	}
	w.Flush()
	fmt.Fprintf(e.stderr, "%d entries\n", len(rows))
	return nil
}

func cmdAuditVerify(e *env, args []string) error {
	fs := newFlags("audit verify")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	probs, err := ws.VerifyTrail()
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(e, probs); err != nil {
			return err
		}
	} else {
		lang := settingsLang(ws)
		for _, p := range probs {
			fmt.Fprintln(e.stdout, "BROKEN "+p.Sentence(ws.Store().DeviceID()).In(lang))
		}
		if len(probs) == 0 {
			fmt.Fprintln(e.stdout, "the audit trail is intact")
		}
	}
	if len(probs) > 0 {
		return exitError{1}
	}
	return nil
}

// settingsLang is the workspace's language, for sentences.
func settingsLang(ws *workspace.Workspace) string {
	set, _ := ws.Store().Settings()
	if strings.HasPrefix(set.Language, "en") {
		return "en"
	}
	return "zh-CN"
}
