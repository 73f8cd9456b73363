package sheet

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// Clean narrows full-width letters, digits and punctuation (１２３，ＡＢＣ)
// to their ASCII forms, turns no-break and ideographic spaces into spaces
// and trims: what a Chinese input method leaves in a cell.
func Clean(s string) string {
	if s == "" {
		return s
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii { // most cells: nothing to narrow, no exotic space
		return strings.TrimSpace(s)
	}
	s = width.Fold.String(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u3000', '\u2007', '\u202f':
			return ' '
		case '\u200b', '\ufeff':
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// separators are what people put between groups of digits.
var separators = strings.NewReplacer(",", "", " ", "", "'", "", "_", "")

var reNumber = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// Number reads an amount as people type it: full-width digits, thousands
// separators (1,234,567.50 or 1 234 567), a currency sign or code, a
// trailing unit, "(1,234)" for a negative, "12.5%" as 12.5, and "万" as
// ten thousand. ok is false when no number is there.
func Number(s string) (v float64, ok bool) {
	s = Clean(s)
	if s == "" {
		return 0, false
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	mult := 1.0
	for _, u := range []struct {
		suffix string
		mult   float64
	}{{"亿", 1e8}, {"万", 1e4}, {"%", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	// Strip currency signs and codes or units around the figure.
	s = strings.TrimFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9') && r != '-' && r != '+' && r != '.'
	})
	if c, d := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.'); c > d && d >= 0 {
		// 1.234.567,50: the continental way round.
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	}
	s = separators.Replace(s)
	if !reNumber.MatchString(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	if neg {
		f = -f
	}
	return f * mult, true
}

// Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in);
// serials past 9999-12-31 are not dates.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

const maxSerial = 2958465

var dateLayouts = []string{
	"2006-01-02", "2006/01/02", "2006.01.02", "2006-1-2", "2006/1/2", "2006.1.2",
	"2006年1月2日", "2006年01月02日", "20060102",
	"02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006", "02-01-2006",
	"02-Jan-2006", "2-Jan-2006", "02 Jan 2006", "2 Jan 2006", "Jan 2, 2006", "January 2, 2006",
	"02-Jan-06", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006/1/2 15:04:05", "2006/1/2 15:04",
}

// Date reads a date cell: an Excel serial number (45306 or 45306.5), or a
// text date in ISO, Chinese (2024年1月15日), slashed or dotted day-first
// (15/01/2024, 15.01.2024: the customs exports this is for come from
// countries that write the day first), or with a month name. A month
// alone (2024-01, 2024年1月) is its first day. The result is YYYY-MM-DD.
func Date(s string) (string, bool) {
	s = Clean(s)
	if s == "" {
		return "", false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eE") && !(len(s) == 8 && !strings.Contains(s, ".")) {
		if f < 1 || f > maxSerial {
			return "", false
		}
		return excelEpoch.AddDate(0, 0, int(f)).Format("2006-01-02"), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil && t.Year() >= 1900 {
			return t.Format("2006-01-02"), true
		}
	}
	for _, l := range []string{"2006-01", "2006/01", "2006-1", "2006/1", "2006年1月", "2006年01月", "200601"} {
		if t, err := time.Parse(l, s); err == nil && t.Year() >= 1900 {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}
