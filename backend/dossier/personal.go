package dossier

import (
	"reflect"
	"strings"
)

// Personal data (GDPR, PIPL) is marked in the model: every field of
// Dossier and Contact carries a `personal` tag saying what kind of a
// person's data it holds, or "-" for none. A "b2c:" prefix marks data that
// is personal when the customer is a person (segment b2c) — a company's
// name is not personal data, a consumer's is. "contacts" descends into
// Contact's own tags. A test fails when a field is added without a tag, so
// every new field is a decision.

// Personal categories.
const (
	PersonalName      = "name"
	PersonalEmail     = "email"
	PersonalPhone     = "phone"
	PersonalMessaging = "messaging"
	PersonalIDNumber  = "id_number"
	PersonalAddress   = "address"
	PersonalBirthDate = "birth_date"
	PersonalRecord    = "record" // court and insolvency records of a person
	PersonalNote      = "note"   // free text that may name people
	PersonalFile      = "file"   // photos, cards, signatures
)

// PersonalValue is one value of a dossier that is a person's data.
type PersonalValue struct {
	Path     string `json:"path"` // json name, "emails/<id>", "contacts/<id>/email"
	Category string `json:"category"`
	Value    string `json:"value"`
	Contact  string `json:"contact,omitempty"` // the contact person's id, when it is theirs
}

// PersonalValues lists the dossier's personal data, in field order.
func PersonalValues(d *Dossier) []PersonalValue {
	var out []PersonalValue
	person := d.Segment == "b2c"
	v := reflect.ValueOf(d).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		cat, name := personalTag(f), jsonName(f)
		if strings.HasPrefix(cat, "b2c:") {
			if !person {
				continue
			}
			cat = strings.TrimPrefix(cat, "b2c:")
		}
		switch cat {
		case "-", "":
			continue
		case "contacts":
			for _, c := range d.Contacts {
				out = append(out, contactValues(c)...)
			}
			continue
		}
		for _, x := range texts(v.Field(i), name) {
			out = append(out, PersonalValue{Path: x.path, Category: cat, Value: x.text})
		}
	}
	return out
}

func contactValues(c Contact) []PersonalValue {
	var out []PersonalValue
	v := reflect.ValueOf(c)
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		cat := personalTag(t.Field(i))
		if cat == "-" {
			continue
		}
		if s := v.Field(i).String(); s != "" {
			out = append(out, PersonalValue{Path: "contacts/" + c.ID + "/" + jsonName(t.Field(i)), Category: cat, Value: s, Contact: c.ID})
		}
	}
	return out
}

type text struct{ path, text string }

// texts collects the non-empty strings under v: a fact's value and its
// sources' values and notes, list items addressed by their ID.
func texts(v reflect.Value, path string) []text {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); s != "" {
			return []text{{path, s}}
		}
	case reflect.Slice:
		var out []text
		for i := 0; i < v.Len(); i++ {
			p := path
			// Only a struct has an ID (FieldByNameFunc panics on a string:
			// soft.decision_roles is a []string).
			if it := v.Index(i); it.Kind() == reflect.Struct {
				if id := it.FieldByNameFunc(func(n string) bool { return n == "ID" }); id.IsValid() && id.String() != "" {
					p += "/" + id.String()
				}
			}
			out = append(out, texts(v.Index(i), p)...)
		}
		return out
	case reflect.Struct:
		var out []text
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			switch f.Name {
			case "ID", "Type", "State", "Kind", "Date", "Mime", "SHA256":
				continue // bookkeeping, not a person's data
			}
			out = append(out, texts(v.Field(i), path)...)
		}
		return out
	}
	return nil
}

func personalTag(f reflect.StructField) string { return f.Tag.Get("personal") }

func jsonName(f reflect.StructField) string {
	n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return n
}
