package sanctions

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

type unAlias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

type unDOB struct {
	Type     string `xml:"TYPE_OF_DATE"`
	Date     string `xml:"DATE"`
	Year     string `xml:"YEAR"`
	FromYear string `xml:"FROM_YEAR"`
	ToYear   string `xml:"TO_YEAR"`
}

// unRecord is an INDIVIDUAL or ENTITY element of the UN consolidated list.
type unRecord struct {
	DataID      string      `xml:"DATAID"`
	First       string      `xml:"FIRST_NAME"`
	Second      string      `xml:"SECOND_NAME"`
	Third       string      `xml:"THIRD_NAME"`
	Fourth      string      `xml:"FOURTH_NAME"`
	Original    string      `xml:"NAME_ORIGINAL_SCRIPT"`
	ListType    string      `xml:"UN_LIST_TYPE"`
	Reference   string      `xml:"REFERENCE_NUMBER"`
	Comments    string      `xml:"COMMENTS1"`
	Nationality []string    `xml:"NATIONALITY>VALUE"`
	IndAliases  []unAlias   `xml:"INDIVIDUAL_ALIAS"`
	EntAliases  []unAlias   `xml:"ENTITY_ALIAS"`
	IndAddr     []unAddress `xml:"INDIVIDUAL_ADDRESS"`
	EntAddr     []unAddress `xml:"ENTITY_ADDRESS"`
	DOBs        []unDOB     `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
}

// unAddress is one address of a UN record.
type unAddress struct {
	Street  string `xml:"STREET"`
	City    string `xml:"CITY"`
	State   string `xml:"STATE_PROVINCE"`
	Zip     string `xml:"ZIP_CODE"`
	Country string `xml:"COUNTRY"`
	Note    string `xml:"NOTE"`
}

// ParseUN reads the UN Security Council consolidated list XML
// (CONSOLIDATED_LIST with INDIVIDUALS and ENTITIES). Errors name the record
// (DATAID or position) and the line.
func ParseUN(r io.Reader) (*List, error) {
	return xmlList{
		what: "un xml", source: SourceUN, root: "CONSOLIDATED_LIST", dateAttr: "dateGenerated",
		records: []string{"INDIVIDUAL", "ENTITY"}, idName: "DATAID",
		decode: func(d *xml.Decoder, se *xml.StartElement) (Entry, error) {
			var rec unRecord
			if err := d.DecodeElement(&rec, se); err != nil {
				return Entry{}, err
			}
			return rec.entry(se.Name.Local == "INDIVIDUAL")
		},
	}.parse(r)
}

func (rec *unRecord) entry(individual bool) (Entry, error) {
	e := Entry{List: SourceUN, ID: strings.TrimSpace(rec.DataID), Remarks: strings.TrimSpace(rec.Comments)}
	if e.ID == "" {
		return e, fmt.Errorf("no DATAID")
	}
	var parts []string
	for _, p := range []string{rec.First, rec.Second, rec.Third, rec.Fourth} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	// Some entities are written as several names in one field, joined by
	// " ; " (a company and its other trading name): each is a name of its
	// own, so that either alone is found.
	names := splitUNNames(strings.Join(parts, " "))
	if len(names) == 0 {
		return e, fmt.Errorf("DATAID %s has no name", e.ID)
	}
	e.Name = names[0]
	for _, n := range names[1:] {
		e.Aliases = appendUnique(e.Aliases, n)
	}
	if individual {
		e.Kind = KindIndividual
	} else {
		e.Kind = KindEntity
	}
	e.Programs = appendUnique(nil, rec.ListType)
	if o := strings.TrimSpace(rec.Original); o != "" {
		e.Aliases = appendUnique(e.Aliases, o)
	}
	for _, a := range append(rec.IndAliases, rec.EntAliases...) {
		for _, n := range splitUNNames(a.Name) {
			if n != e.Name {
				e.Aliases = appendUnique(e.Aliases, n)
			}
		}
	}
	for _, c := range rec.Nationality {
		e.Countries = addCountry(e.Countries, c)
	}
	for _, a := range append(rec.IndAddr, rec.EntAddr...) {
		e.Countries = addCountry(e.Countries, a.Country)
		e.Addresses = appendUnique(e.Addresses, joinNonEmpty(a.Street, a.City, a.State, a.Zip, a.Country, a.Note))
	}
	for _, dob := range rec.DOBs {
		var ds []string
		switch {
		case dob.Date != "":
			ds = parseDates(dob.Date)
		case dob.Year != "":
			ds = parseDates(dob.Year)
		case dob.FromYear != "" && dob.ToYear != "":
			ds = parseDates(dob.FromYear + " to " + dob.ToYear)
		}
		for _, d := range ds {
			e.BirthDates = appendUnique(e.BirthDates, d)
		}
	}
	return e, nil
}

// splitUNNames splits a UN name field on its " ; " separator, dropping
// empty parts.
func splitUNNames(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseListTime reads a list's generation timestamp, with or without time and zone.
func parseListTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02", "2006-01-02T15:04:05.999999999-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date")
}
