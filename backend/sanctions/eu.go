package sanctions

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// euEntity is a sanctionEntity element of the EU consolidated financial
// sanctions list XML (namespace http://eu.europa.ec/fpi/fsd/export).
type euEntity struct {
	LogicalID   string   `xml:"logicalId,attr"`
	EURef       string   `xml:"euReferenceNumber,attr"`
	Remarks     []string `xml:"remark"`
	Regulations []struct {
		Programme string `xml:"programme,attr"`
	} `xml:"regulation"`
	SubjectType struct {
		Code           string `xml:"code,attr"`
		Classification string `xml:"classificationCode,attr"`
	} `xml:"subjectType"`
	Names []struct {
		WholeName string `xml:"wholeName,attr"`
		First     string `xml:"firstName,attr"`
		Middle    string `xml:"middleName,attr"`
		Last      string `xml:"lastName,attr"`
		Strong    string `xml:"strong,attr"`
	} `xml:"nameAlias"`
	Citizenships []euCountry `xml:"citizenship"`
	Addresses    []euAddress `xml:"address"`
	Birthdates   []struct {
		Birthdate string `xml:"birthdate,attr"`
		Year      string `xml:"year,attr"`
		YearFrom  string `xml:"yearRangeFrom,attr"`
		YearTo    string `xml:"yearRangeTo,attr"`
	} `xml:"birthdate"`
}

// euAddress is an address of an EU entry; its country attributes are those
// of a citizenship.
type euAddress struct {
	euCountry
	Street string `xml:"street,attr"`
	POBox  string `xml:"poBox,attr"`
	Zip    string `xml:"zipCode,attr"`
	City   string `xml:"city,attr"`
	Region string `xml:"region,attr"`
	Place  string `xml:"place,attr"`
}

type euCountry struct {
	ISO2        string `xml:"countryIso2Code,attr"`
	Description string `xml:"countryDescription,attr"`
}

// ParseEU reads the EU consolidated financial sanctions list XML (root
// <export generationDate=...>, one <sanctionEntity> per listed party).
// Errors name the record (logicalId or position) and line.
func ParseEU(r io.Reader) (*List, error) {
	return xmlList{
		what: "eu xml", source: SourceEU, root: "export", dateAttr: "generationDate",
		records: []string{"sanctionEntity"}, idName: "logicalId",
		decode: func(d *xml.Decoder, se *xml.StartElement) (Entry, error) {
			var rec euEntity
			if err := d.DecodeElement(&rec, se); err != nil {
				return Entry{}, err
			}
			return rec.entry()
		},
	}.parse(r)
}

func (rec *euEntity) entry() (Entry, error) {
	e := Entry{List: SourceEU, ID: strings.TrimSpace(rec.LogicalID)}
	if e.ID == "" {
		return e, fmt.Errorf("no logicalId")
	}
	for _, n := range rec.Names {
		name := strings.TrimSpace(n.WholeName)
		if name == "" {
			name = strings.Join(strings.Fields(n.First+" "+n.Middle+" "+n.Last), " ")
		}
		if name == "" {
			continue
		}
		if e.Name == "" {
			e.Name = name
		} else if name != e.Name {
			e.Aliases = appendUnique(e.Aliases, name)
		}
	}
	if e.Name == "" {
		return e, fmt.Errorf("logicalId %s has no nameAlias with a name", e.ID)
	}
	switch strings.ToLower(rec.SubjectType.Code) {
	case "person":
		e.Kind = KindIndividual
	case "enterprise":
		e.Kind = KindEntity
	default:
		switch rec.SubjectType.Classification {
		case "P":
			e.Kind = KindIndividual
		case "E":
			e.Kind = KindEntity
		}
	}
	for _, reg := range rec.Regulations {
		e.Programs = appendUnique(e.Programs, reg.Programme)
	}
	countries := rec.Citizenships
	for _, a := range rec.Addresses {
		countries = append(countries, a.euCountry)
		country := a.Description
		if strings.EqualFold(country, "unknown") {
			country = ""
		}
		if line := joinNonEmpty(a.Street, a.POBox, a.Place, a.City, a.Region, a.Zip, country); line != "" {
			e.Addresses = appendUnique(e.Addresses, line)
		}
	}
	for _, c := range countries {
		iso := strings.ToUpper(strings.TrimSpace(c.ISO2))
		switch {
		case len(iso) == 2 && iso != "00":
			e.Countries = appendUnique(e.Countries, iso)
		case c.Description != "" && !strings.EqualFold(c.Description, "unknown"):
			e.Countries = addCountry(e.Countries, c.Description)
		}
	}
	for _, bd := range rec.Birthdates {
		var ds []string
		switch {
		case bd.Birthdate != "":
			ds = parseDates(bd.Birthdate)
		case bd.Year != "":
			ds = parseDates(bd.Year)
		case bd.YearFrom != "" && bd.YearTo != "":
			ds = parseDates(bd.YearFrom + " to " + bd.YearTo)
		}
		for _, d := range ds {
			e.BirthDates = appendUnique(e.BirthDates, d)
		}
	}
	var rm []string
	for _, r := range rec.Remarks {
		if r = strings.TrimSpace(r); r != "" {
			rm = append(rm, r)
		}
	}
	e.Remarks = strings.Join(rm, "\n")
	return e, nil
}
