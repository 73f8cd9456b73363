package main

import (
	"fmt"
	"strings"
)

func init() { commands["subject"] = cmdSubject }

const subjectUsage = `  subject export --name NAME --out DIR [--lang zh-CN|en]
                                everything held about one person (contacts, consumer
                                customers, fields, history, field visits, attachments) as
                                subject-access.json and a readable subject-access.pdf; audited
`

// cmdSubject answers a subject-access request.
func cmdSubject(e *env, args []string) error {
	if len(args) == 0 || args[0] != "export" {
		return usagef("usage:\n%s", subjectUsage)
	}
	fs := newFlags("subject export")
	name := fs.String("name", "", "the person's name")
	out := fs.String("out", "", "the folder to write into")
	lang := fs.String("lang", "", "zh-CN or en (default: the workspace's language)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0 || strings.TrimSpace(*name) == "" || *out == "":
		return usagef("usage:\n%s", subjectUsage)
	case *lang != "" && *lang != "zh-CN" && *lang != "en":
		return usagef("--lang must be zh-CN or en, not %q", *lang)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	if *lang == "" {
		*lang = settingsLang(ws)
	}
	f, files, err := ws.SubjectExport(*name, abs(*out), *lang)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d places in %d customer files (of %d read)\n", len(f.Places), len(f.DossierIDs()), f.Dossiers)
	for _, p := range files {
		fmt.Fprintln(e.stdout, p)
	}
	return nil
}
