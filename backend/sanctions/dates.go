package sanctions

import (
	"fmt"
	"strconv"
	"strings"
)

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "dec": 12, "december": 12,
}

// maxYearSpan bounds how many years a range such as "1960 to 1965" expands to.
const maxYearSpan = 10

// parseDates reads the loose birth-date notations the lists use and returns
// them as "YYYY-MM-DD" when day and month are known, else "YYYY":
// "12 Jan 1960", "Jan 1960", "circa 1960", "1960 to 1962", "1960-01-12",
// "12/01/1960", "00/00/1960", "1974; 1975". Unreadable text yields nothing.
func parseDates(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		p := strings.ToLower(strings.TrimSpace(part))
		for _, pre := range []string{"alt.", "dob", "circa", "approximately", "approx.", "approx", "about", "c."} {
			p = strings.TrimSpace(strings.TrimPrefix(p, pre))
		}
		if p == "" {
			continue
		}
		if i := strings.Index(p, " to "); i > 0 {
			a, b := parseOneDate(p[:i]), parseOneDate(p[i+4:])
			if a == "" || b == "" {
				continue
			}
			ya, _ := strconv.Atoi(a[:4])
			yb, _ := strconv.Atoi(b[:4])
			if yb < ya || yb-ya > maxYearSpan {
				out = appendUnique(out, a)
				out = appendUnique(out, b)
				continue
			}
			for y := ya; y <= yb; y++ {
				out = appendUnique(out, strconv.Itoa(y))
			}
			continue
		}
		if d := parseOneDate(p); d != "" {
			out = appendUnique(out, d)
		}
	}
	return out
}

// parseOneDate reads one date; see parseDates.
func parseOneDate(p string) string {
	p = strings.TrimSpace(p)
	if len(p) >= 10 && p[4] == '-' && p[7] == '-' { // ISO, possibly with a time part
		return ymd(p[0:4], p[5:7], p[8:10])
	}
	if strings.Count(p, "/") == 2 || strings.Count(p, ".") == 2 { // dd/mm/yyyy (UK), dd.mm.yyyy
		sep := "/"
		if !strings.Contains(p, "/") {
			sep = "."
		}
		f := strings.Split(p, sep)
		return ymd(strings.TrimSpace(f[2]), strings.TrimSpace(f[1]), strings.TrimSpace(f[0]))
	}
	f := strings.Fields(strings.ReplaceAll(p, ",", " "))
	switch len(f) {
	case 1:
		return ymd(f[0], "", "")
	case 2: // "Jan 1960"
		if _, ok := monthNames[strings.TrimSuffix(f[0], ".")]; ok {
			return ymd(f[1], "", "")
		}
	case 3: // "12 Jan 1960"
		if m, ok := monthNames[strings.TrimSuffix(f[1], ".")]; ok {
			return ymd(f[2], strconv.Itoa(m), f[0])
		}
	}
	return ""
}

// ymd formats year, month, day; an unknown or zero month/day gives the year only.
func ymd(y, m, d string) string {
	yi, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || yi < 1000 {
		return ""
	}
	mi, err1 := strconv.Atoi(m)
	di, err2 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || mi < 1 || mi > 12 || di < 1 || di > 31 {
		return y
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di)
}
