package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"credence/backend/visit"
)

// The visit decisions from a script: start a visit, answer its items, add
// photos and sign it off, under the same rules as the app (answers checked
// against the item's type, sign-off refused while the visit is incomplete,
// nothing changed once signed).

func init() {
	visitRunners["start"] = visitStart
	visitRunners["answer"] = visitAnswer
	visitRunners["photo"] = visitPhoto
	visitRunners["sign"] = visitSign
}

// visitRunners are the visit subcommands that record something.
var visitRunners = map[string]func(*env, []string) error{}

const visitRunUsage = `visit start DOSSIER_ID [--template ID] [--visitor NAME] [--date YYYY-MM-DD]
                              begin a visit with the latest template version; prints its id
visit answer VISIT_ID ITEM_ID VALUE [--note TEXT]
                              pass|fail|na|yes|no, a number, a date, a choice, or text
visit photo VISIT_ID ITEM_ID FILE.jpg [--taken YYYY-MM-DD]
                              attach a photo to an item (stored encrypted)
visit sign VISIT_ID visitor|customer NAME --png FILE.png
                              sign off; the second signature locks the visit`

func visitStart(e *env, args []string) error {
	fs := newFlags("visit start")
	tmpl := fs.String("template", "", "checklist template id (default: the first built-in)")
	visitor := fs.String("visitor", "", "who visits (default: the workspace user)")
	date := fs.String("date", "", "date of the visit YYYY-MM-DD (default: today)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("visit start needs the dossier id")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	svc := ws.Visits
	id := *tmpl
	if id == "" {
		ts, err := svc.Templates()
		if err != nil {
			return err
		}
		if len(ts) == 0 {
			return usagef("no checklist template: import one with `visit import-template`")
		}
		id = ts[0].ID
	}
	v, err := svc.Start(pos[0], id, *visitor, *date)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, v.ID)
	return nil
}

func visitAnswer(e *env, args []string) error {
	fs := newFlags("visit answer")
	note := fs.String("note", "", "what the visitor saw")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 {
		return usagef("visit answer needs the visit id, the item id and the value")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	st := ws.Store()
	svc := ws.Visits
	v, err := svc.Answer(pos[0], visit.Answer{ItemID: pos[1], Value: pos[2], Note: *note, At: time.Now().UTC(), By: st.User()})
	if err != nil {
		return err
	}
	t, err := svc.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		return err
	}
	items := 0
	for _, sec := range t.Sections {
		items += len(sec.Items)
	}
	fmt.Fprintf(e.stdout, "%s: %d of %d items answered\n", v.ID, len(v.Answers), items)
	return nil
}

func visitPhoto(e *env, args []string) error {
	fs := newFlags("visit photo")
	taken := fs.String("taken", "", "when the photo was taken YYYY-MM-DD (default: now)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 {
		return usagef("visit photo needs the visit id, the item id and the photo file")
	}
	data, err := os.ReadFile(pos[2])
	if err != nil {
		return fmt.Errorf("read photo: %w", err)
	}
	var at time.Time
	if *taken != "" {
		if at, err = time.Parse("2006-01-02", *taken); err != nil {
			return usagef("--taken takes a date written YYYY-MM-DD, not %q", *taken)
		}
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	st := ws.Store()
	if _, err := ws.Visits.AddPhoto(pos[0], pos[1], filepath.Base(pos[2]), data, at, st.User()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "photo added to %s\n", printable(pos[1]))
	return nil
}

func visitSign(e *env, args []string) error {
	fs := newFlags("visit sign")
	pngFile := fs.String("png", "", "the drawn signature as a PNG file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 || *pngFile == "" {
		return usagef("visit sign needs the visit id, the role (visitor or customer), the signer's name and --png FILE")
	}
	png, err := os.ReadFile(*pngFile)
	if err != nil {
		return fmt.Errorf("read signature: %w", err)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	st := ws.Store()
	v, err := ws.Visits.Sign(pos[0], pos[1], pos[2], png, st.User())
	if err != nil {
		return err
	}
	if v.Signed() {
		fmt.Fprintf(e.stdout, "%s signed off and locked\n", v.ID)
	} else {
		fmt.Fprintf(e.stdout, "%s signed by the %s; waiting for the other signature\n", v.ID, printable(pos[1]))
	}
	return nil
}
