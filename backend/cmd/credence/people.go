package main

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"credence/backend/errs"
	"credence/backend/store"
)

func init() { commands["people"] = cmdPeople }

// Usage of the people command (for the usage text):
//
//	people [list] [--json]        who can unlock the workspace, with roles
//	people add NAME --role sales|credit_manager|admin
//	                              (admin) add someone who unlocks with their own
//	                              passphrase: $CREDENCE_NEW_PASSPHRASE, or asked twice
//	people passphrase NAME        (admin) give NAME a new passphrase (forgotten, or
//	                              from before each person had their own)
//	people remove NAME            (admin) take NAME's access away; what they did
//	                              keeps their name
//
// Who runs a command is whoever unlocks: $CREDENCE_USER (name or id) with
// their passphrase in $CREDENCE_PASSPHRASE.
func cmdPeople(e *env, args []string) error {
	verb := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	switch verb {
	case "list":
		return cmdPeopleList(e, args)
	case "add":
		return cmdPeopleAdd(e, args)
	case "passphrase", "remove":
		return cmdPeopleOne(e, verb, args)
	}
	return usagef("people: unknown command %q (list, add, passphrase, remove)", verb)
}

// personRow is one line of `people list --json`.
type personRow struct {
	store.Person
	CanUnlock bool `json:"can_unlock"`
	You       bool `json:"you"`
}

func cmdPeopleList(e *env, args []string) error {
	fs := newFlags("people list")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("people list takes no arguments")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	people, err := s.People()
	if err != nil {
		return err
	}
	me, _ := s.Person()
	rows := make([]personRow, len(people))
	for i, p := range people {
		rows[i] = personRow{Person: p, CanUnlock: s.HasAccess(p.ID), You: p.ID == me}
	}
	if *asJSON {
		return writeJSON(e, rows)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		access := "can unlock"
		switch {
		case !r.Removed.IsZero():
			access = "removed " + r.Removed.Format("2006-01-02")
		case !r.CanUnlock:
			access = "no passphrase yet"
		}
		you := ""
		if r.You {
			you = "(you)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d device key(s)\t%s\n", printable(r.Name), r.Role, access, len(r.Keys), you)
	}
	return w.Flush()
}

func cmdPeopleAdd(e *env, args []string) error {
	fs := newFlags("people add")
	role := fs.String("role", "", "sales, credit_manager or admin")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" || *role == "" {
		return usagef("people add needs NAME and --role")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	p, err := e.newPassphrase("CREDENCE_NEW_PASSPHRASE")
	if err != nil {
		return err
	}
	person, err := s.AddPerson(pos[0], store.Role(*role), p)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, person.ID)
	return nil
}

func cmdPeopleOne(e *env, verb string, args []string) error {
	fs := newFlags("people " + verb)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return usagef("people %s needs NAME", verb)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	people, err := s.People()
	if err != nil {
		return err
	}
	who := strings.TrimSpace(pos[0])
	i := slices.IndexFunc(people, func(p store.Person) bool { return p.ID == who || strings.EqualFold(p.Name, who) })
	if i < 0 {
		return errs.New(errs.NotFound, "there is no user called %s", who).WithKey("err.userNotFound", "id", who)
	}
	if verb == "remove" {
		return ws.RemovePerson(people[i].ID)
	}
	p, err := e.newPassphrase("CREDENCE_NEW_PASSPHRASE")
	if err != nil {
		return err
	}
	return s.ResetPassphrase(people[i].ID, p)
}
