package sanctions

import (
	"fmt"
	"strings"
	"unicode"
)

// A list file is outside input: a name in it may carry control characters
// (terminal escapes, CR/LF, NUL) or bidi embeddings and overrides, which
// would act on a terminal or disguise text on screen when a hit is shown.
// Every parser cleans its entries before returning them.

func unsafeText(r rune) bool {
	return unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// cleanText drops those characters; line breaks and tabs become spaces.
func cleanText(s string) string {
	if strings.IndexFunc(s, unsafeText) < 0 {
		return s
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unsafeText(r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanList cleans every text of every entry; an alias that becomes empty
// is dropped. An entry left without id or name, or with the id of another,
// is an error.
func cleanList(l *List) error {
	seen := make(map[string]bool, len(l.Entries))
	for i := range l.Entries {
		e := &l.Entries[i]
		e.ID, e.Name, e.Remarks = cleanText(e.ID), cleanText(e.Name), cleanText(e.Remarks)
		if e.ID == "" || e.Name == "" {
			return fmt.Errorf("entry %d: its id or name holds only control characters", i+1)
		}
		if seen[e.ID] {
			return fmt.Errorf("entry %d: id %s appears twice", i+1, e.ID)
		}
		seen[e.ID] = true
		for _, list := range []*[]string{&e.Aliases, &e.Programs, &e.Countries, &e.BirthDates, &e.Addresses} {
			out := (*list)[:0]
			for _, s := range *list {
				if s = cleanText(s); s != "" {
					out = append(out, s)
				}
			}
			*list = out
		}
	}
	return nil
}
