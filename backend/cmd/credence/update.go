package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"credence/backend/dossier"
)

func init() {
	dossierSubcommands["update"] = dossierUpdate
}

// dossierUpdate corrects a dossier in place: the flags of `dossier add`
// set a value (an empty one clears it) or add a list item; --remove-*
// takes a list item out and --clear empties a field. Changes go through
// the same save as the app (history, conflict check); a change of name,
// alias or country re-screens the customer.
func dossierUpdate(e *env, args []string) error {
	fs := newFlags("dossier update")
	scalars := map[string]*string{}
	for _, f := range []struct{ name, usage string }{
		{"name", "legal name in its original script"}, {"latin-name", "legal name in Latin letters"}, {"country", "ISO country code"},
		{"website", "website"}, {"status", "lead, new, active, dormant, blocked"}, {"segment", "b2b or b2c"},
		{"type", "importer, distributor, retailer, end_user, trading"}, {"owner", "who looks after the customer"}, {"notes", "notes"},
		{"address", "registered address"},
	} {
		scalars[f.name] = fs.String(f.name, "", f.usage)
	}
	var emails, phones, ids, aliases, tags, rmEmails, rmPhones, rmIDs, rmAliases, rmTags, clear multi
	fs.Var(&emails, "email", "add an e-mail (repeatable)")
	fs.Var(&phones, "phone", "add a phone (repeatable)")
	fs.Var(&ids, "id", "add an identifier TYPE:VALUE (repeatable)")
	fs.Var(&aliases, "alias", "add an alias (repeatable)")
	fs.Var(&tags, "tag", "add a tag (repeatable)")
	fs.Var(&rmEmails, "remove-email", "remove an e-mail (repeatable)")
	fs.Var(&rmPhones, "remove-phone", "remove a phone (repeatable)")
	fs.Var(&rmIDs, "remove-id", "remove an identifier, TYPE:VALUE or VALUE (repeatable)")
	fs.Var(&rmAliases, "remove-alias", "remove an alias (repeatable)")
	fs.Var(&rmTags, "remove-tag", "remove a tag (repeatable)")
	fs.Var(&clear, "clear", "empty a field: one of the value flags' names (repeatable)")
	asJSON := fs.Bool("json", false, "print the saved dossier as JSON")
	id, err := oneArg(fs, args, "ID")
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, c := range clear {
		if _, ok := scalars[c]; !ok {
			return usagef("--clear takes one of: name, latin-name, country, website, status, segment, type, owner, notes, address (got %q)", c)
		}
		set[c], *scalars[c] = true, ""
	}
	ws, d, err := e.openDossier(id)
	if err != nil {
		return err
	}
	defer ws.Close()
	old := d.Clone()
	fields := map[string]*string{
		"name": &d.LegalName.Value, "latin-name": &d.LatinName.Value, "country": &d.Country.Value, "website": &d.Website.Value,
		"status": &d.Status, "segment": &d.Segment, "type": &d.BusinessType, "owner": &d.Owner, "notes": &d.Notes,
		"address": &d.RegisteredAddress.Value,
	}
	for name, v := range scalars {
		if set[name] {
			*fields[name] = strings.TrimSpace(*v)
		}
	}
	var missing []string
	d.Emails, missing = removeFacts(d.Emails, rmEmails, false, missing)
	d.Phones, missing = removeFacts(d.Phones, rmPhones, false, missing)
	d.Identifiers, missing = removeFacts(d.Identifiers, rmIDs, true, missing)
	for _, a := range rmAliases {
		if i := slices.Index(d.Aliases, a); i >= 0 {
			d.Aliases = slices.Delete(d.Aliases, i, i+1)
		} else {
			missing = append(missing, a)
		}
	}
	for _, t := range rmTags {
		if i := slices.Index(d.Tags, t); i >= 0 {
			d.Tags = slices.Delete(d.Tags, i, i+1)
		} else {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return usagef("the dossier has no %s to remove; nothing was changed", strings.Join(missing, ", "))
	}
	for _, v := range emails {
		d.Emails = append(d.Emails, dossier.Fact{Value: v})
	}
	for _, v := range phones {
		d.Phones = append(d.Phones, dossier.Fact{Value: v})
	}
	for _, v := range ids {
		typ, val, ok := strings.Cut(v, ":")
		if !ok || strings.TrimSpace(val) == "" {
			return usagef("--id wants TYPE:VALUE, e.g. --id vat:DE136695976 (got %q)", v)
		}
		d.Identifiers = append(d.Identifiers, dossier.Fact{Type: typ, Value: val})
	}
	d.Aliases = append(d.Aliases, aliases...)
	d.Tags = append(d.Tags, tags...)
	// Screened again when its names or country changed.
	saved, err := ws.SaveDossier(d, ws.User())
	if err != nil {
		return err
	}
	got := saved.Dossier
	n := len(dossier.Diff(old, got))
	warnHits(e, saved)
	if *asJSON {
		return writeJSON(e, got)
	}
	if n == 0 {
		fmt.Fprintf(e.stdout, "%s: nothing changed\n", got.ID)
	} else {
		fmt.Fprintf(e.stdout, "%s: %d field(s) changed\n", got.ID, n)
	}
	return nil
}

// removeFacts takes out the facts with those values (identifiers also by
// TYPE:VALUE); values not found are added to missing.
func removeFacts(fs []dossier.Fact, values []string, typed bool, missing []string) ([]dossier.Fact, []string) {
	for _, v := range values {
		i := slices.IndexFunc(fs, func(f dossier.Fact) bool {
			if strings.EqualFold(f.Value, strings.TrimSpace(v)) {
				return true
			}
			return typed && strings.EqualFold(f.Type+":"+f.Value, strings.TrimSpace(v))
		})
		if i < 0 {
			missing = append(missing, v)
			continue
		}
		fs = slices.Delete(slices.Clone(fs), i, i+1)
	}
	return fs, missing
}
