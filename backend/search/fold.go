// Package search finds dossiers by what people remember of them: part of a
// name in Chinese or Latin letters (case and accents ignored), an alias, an
// identifier typed with or without its punctuation, an e-mail, a phone.
// The index lives in memory only: it is rebuilt from the encrypted store at
// unlock, so no plaintext index ever reaches the disk.
package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Fold lower-cases, removes accents, narrows full-width forms (Ａ１ → a1)
// and turns punctuation into spaces, so "Société Générale" and
// "SOCIETE generale" fold alike. Han characters pass through unchanged.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return foldUnicode(s)
		}
	}
	// ASCII, most of a book: no width or accent to undo, so no
	// normalisation pass (it was a fifth of building the index).
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
			space = false
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b = append(b, c)
			space = false
		default:
			if !space && len(b) > 0 {
				b = append(b, ' ')
				space = true
			}
		}
	}
	return strings.TrimRight(string(b), " ")
}

func foldUnicode(s string) string {
	s = width.Narrow.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // combining accent
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(foldSpecial(r)))
			space = false
		default:
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// foldSpecial maps letters that NFKD leaves alone to their plain form.
func foldSpecial(r rune) rune {
	switch r {
	case 'ß':
		return 's'
	case 'ø', 'Ø':
		return 'o'
	case 'đ', 'Đ':
		return 'd'
	case 'ł', 'Ł':
		return 'l'
	case 'æ', 'Æ':
		return 'a'
	case 'ı':
		return 'i'
	}
	return r
}

// Compact keeps only letters and digits, lower-cased: the form in which
// identifiers and phone numbers are compared ("+86 755-1234" → "867551234").
func Compact(s string) string {
	var b strings.Builder
	for _, r := range Fold(s) {
		if r != ' ' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
