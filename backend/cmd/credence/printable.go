package main

import (
	"fmt"
	"strings"
	"unicode"
)

// printable makes text from a workspace or a file safe to print on a
// terminal: control characters (escape sequences, CR, LF, NUL) and the
// invisible bidirectional controls (a right-to-left override can make
// "report.pdf<RLO>fdp.exe" read as an .exe or the reverse) are shown as
// \u{…} instead of acting on the terminal.
func printable(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			fmt.Fprintf(&b, `\u{%04X}`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unsafeRune reports control characters, bidi controls and the replacement
// for invalid UTF-8.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	case r == unicode.ReplacementChar:
		return true
	}
	return false
}
