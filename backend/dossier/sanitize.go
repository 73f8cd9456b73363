package dossier

import (
	"path/filepath"
	"reflect"
	"strings"
	"unicode"
)

// Text typed, pasted or imported can carry characters that make it lie on
// a screen or a terminal: control characters (terminal escape sequences,
// CR/LF in a name, NUL) and the invisible bidirectional embeddings,
// overrides and isolates (with a right-to-left override, "report.pdf‮fdp.exe"
// displays as "report.pdfexe.pdf"). They carry no meaning in a customer's
// data, so they are removed wherever a dossier is saved; one-line fields
// also lose line breaks and tabs (turned into spaces). The directional
// marks LRM/RLM, which Arabic and Hebrew names may need, are kept.

// isBidiControl reports the embeddings, overrides and isolates.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// CleanText removes control and bidi-control characters from multi-line
// text, keeping line breaks (CR LF becomes LF) and tabs.
func CleanText(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return (unicode.IsControl(r) && r != '\n' && r != '\t') || isBidiControl(r) }) < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case unicode.IsControl(r) || isBidiControl(r):
			return -1
		}
		return r
	}, s)
}

// CleanLine is CleanText for a one-line field: line breaks and tabs become
// spaces.
func CleanLine(s string) string {
	s = CleanText(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.Join(strings.Fields(strings.NewReplacer("\n", " ", "\t", " ").Replace(s)), " ")
	}
	return s
}

// extFor is the extension a file of a detected type must end with.
var extFor = map[string]string{
	"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
	"image/webp": ".webp", "image/bmp": ".bmp", "application/zip": ".zip",
}

var extSame = map[string][]string{".jpg": {".jpg", ".jpeg", ".jfif"}}

// CleanFileName makes an attachment's name safe to show and to save: no
// folder part, no control or bidi characters, not empty, and ending with
// the extension of what the bytes are (mime, as detected from the content)
// so that a PDF named "….exe" is saved as "….exe.pdf" rather than run.
func CleanFileName(name, mime string) string {
	name = CleanLine(name)
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Trim(name, " .")
	if name == "" || name == "/" {
		name = "file"
	}
	if want, ok := extFor[mime]; ok {
		ext := strings.ToLower(filepath.Ext(name))
		same := extSame[want]
		if same == nil {
			same = []string{want}
		}
		ok := false
		for _, e := range same {
			ok = ok || ext == e
		}
		if !ok {
			name += want
		}
	}
	return name
}

// sanitize cleans every string of the dossier: free-text fields (notes,
// the registered address, the business scope) keep their lines, every
// other field is one line.
func (d *Dossier) sanitize() { cleanValue(reflect.ValueOf(d).Elem(), false) }

// cleanValue walks v; multi tells whether the strings under it may hold
// several lines.
func cleanValue(v reflect.Value, multi bool) {
	switch v.Kind() {
	case reflect.String:
		if !v.CanSet() {
			return
		}
		if multi {
			v.SetString(CleanText(v.String()))
		} else {
			v.SetString(CleanLine(v.String()))
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			cleanValue(v.Elem(), multi)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if f := t.Field(i); f.IsExported() {
				cleanValue(v.Field(i), multi || multiLine(f.Name))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			cleanValue(v.Index(i), multi)
		}
	}
}

// multiLine names the free-text fields where line breaks are content.
func multiLine(field string) bool {
	switch field {
	case "Notes", "Note", "RegisteredAddress", "BusinessScope", "Caption", "Remarks", "Summary":
		return true
	}
	return false
}
