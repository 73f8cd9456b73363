package visit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"credence/backend/errs"
)

// Template versions are records of kind kindTemplate with id
// "<template id>/<version, zero-padded>", so that a scan of one template's
// prefix returns its versions in order and the last is the latest. A
// built-in template is stored too once a visit uses it, so that the
// version a visit used outlives a release that changes the built-ins.
const kindTemplate = "visit-template"

func templateKey(id string, version int) string { return fmt.Sprintf("%s/%08d", id, version) }

func errTemplateNotFound(id string, version int) error {
	if version > 0 {
		return errs.New(errs.NotFound, "no version %d of checklist template %s", version, id).
			WithKey("err.templateNotFound", "id", id, "version", strconv.Itoa(version))
	}
	return errs.New(errs.NotFound, "no checklist template %s", id).WithKey("err.templateNotFound", "id", id)
}

// Templates returns the latest version of every template: the built-ins
// first, in their order, then the firm's own by name.
func (s *Service) Templates() ([]Template, error) {
	latest := map[string][]byte{}
	err := s.st.ScanRecords(kindTemplate, "", func(key string, b []byte) error {
		id, _, _ := strings.Cut(key, "/")
		latest[id] = append([]byte(nil), b...) // keys come in version order
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out, own []Template
	for _, b := range BuiltIn() {
		if raw, ok := latest[b.ID]; ok {
			var st Template
			if err := json.Unmarshal(raw, &st); err == nil && st.Version > b.Version {
				b = st
			}
			delete(latest, b.ID)
		}
		out = append(out, b)
	}
	for id, raw := range latest {
		var t Template
		if err := json.Unmarshal(raw, &t); err != nil {
			return nil, errs.Wrap(errs.Internal, err, "decode checklist template %s", id)
		}
		own = append(own, t)
	}
	sort.Slice(own, func(i, j int) bool {
		a, b := strings.ToLower(own[i].Name.English()), strings.ToLower(own[j].Name.English())
		if a != b {
			return a < b
		}
		return own[i].ID < own[j].ID
	})
	return append(out, own...), nil
}

// Template returns one version of a template; version 0 is the latest.
// Every version ever saved stays readable. errs.NotFound when absent.
func (s *Service) Template(id string, version int) (Template, error) {
	if !validID(id) || version < 0 {
		return Template{}, errTemplateNotFound(id, version)
	}
	var t Template
	if version > 0 {
		err := s.st.GetRecord(kindTemplate, templateKey(id, version), &t)
		if err == nil {
			return t, nil
		}
		if !errs.Is(err, errs.NotFound) {
			return Template{}, err
		}
	} else {
		var last []byte
		err := s.st.ScanRecords(kindTemplate, id+"/", func(_ string, b []byte) error {
			last = append(last[:0], b...)
			return nil
		})
		if err != nil {
			return Template{}, err
		}
		if last != nil {
			if err := json.Unmarshal(last, &t); err != nil {
				return Template{}, errs.Wrap(errs.Internal, err, "decode checklist template %s", id)
			}
		}
	}
	for _, b := range BuiltIn() {
		if b.ID == id && (version == b.Version || version == 0 && b.Version > t.Version) {
			return b, nil
		}
	}
	if t.ID != "" {
		return t, nil
	}
	return Template{}, errTemplateNotFound(id, version)
}

// SaveTemplate validates t and stores it as a new version of its template
// (the previous version + 1; version 1 for a new id, or a new template
// when t.ID is empty). Built-in templates cannot be overwritten:
// errs.Conflict (key "err.templateBuiltIn"); copy them instead.
func (s *Service) SaveTemplate(t Template, by string) (Template, error) {
	if IsBuiltIn(t.ID) {
		return Template{}, errs.New(errs.Conflict, "the built-in template %q cannot be changed; copy it and edit the copy", t.Name.English()).
			WithKey("err.templateBuiltIn", "id", t.ID)
	}
	t.BuiltIn = false
	if err := t.Validate(); err != nil {
		return Template{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.ID == "" {
		t.ID = uuid.NewString()
		t.Version = 1
	} else {
		prev, err := s.Template(t.ID, 0)
		switch {
		case err == nil:
			t.Version = prev.Version + 1
		case errs.Is(err, errs.NotFound):
			t.Version = 1
		default:
			return Template{}, err
		}
	}
	if by == "" {
		by = s.st.User()
	}
	t.UpdatedAt, t.UpdatedBy = s.now().UTC(), by
	if err := s.st.PutRecord(kindTemplate, templateKey(t.ID, t.Version), t); err != nil {
		return Template{}, err
	}
	return t, nil
}

// CopyTemplate saves the latest version of a template (built-in or the
// firm's) as a new template with a new id, named newName (or "Copy of …").
func (s *Service) CopyTemplate(id, newName string, by string) (Template, error) {
	t, err := s.Template(id, 0)
	if err != nil {
		return Template{}, err
	}
	if n := strings.TrimSpace(newName); n != "" {
		t.Name = Text{ZH: n, EN: n}
	} else {
		t.Name = Text{ZH: t.Name.ZH + "（副本）", EN: "Copy of " + t.Name.EN}
	}
	t.ID, t.Version, t.BuiltIn = "", 0, false
	return s.SaveTemplate(t, by)
}

// ensureStored keeps a copy of a built-in template version in the store,
// so visits can read the version they used after the built-ins change.
func (s *Service) ensureStored(t Template) error {
	if !t.BuiltIn {
		return nil
	}
	var have Template
	err := s.st.GetRecord(kindTemplate, templateKey(t.ID, t.Version), &have)
	if err == nil || !errs.Is(err, errs.NotFound) {
		return err
	}
	return s.st.PutRecord(kindTemplate, templateKey(t.ID, t.Version), t)
}

// ExportTemplate writes t as indented JSON, for a file the firm shares.
func ExportTemplate(t Template) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return nil, errs.Wrap(errs.Internal, err, "export checklist template")
	}
	return buf.Bytes(), nil
}

// maxTemplateFile bounds an imported template file: the largest sensible
// template (500 items with help texts in two languages) is well under it.
const maxTemplateFile = 4 << 20

// ImportTemplate reads a template exported by ExportTemplate (or written
// by hand) and validates it. Errors are errs.Invalid (key
// "err.templateImport" for a file that is not a template, else
// "err.templateInvalid") and name the line, field or item at fault. The
// template still needs SaveTemplate to be kept.
func ImportTemplate(data []byte) (Template, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return Template{}, importErr("the file is empty")
	}
	if len(data) > maxTemplateFile {
		return Template{}, importErr("the file is larger than %d MB; a checklist template is much smaller", maxTemplateFile>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return Template{}, decodeErr(data, err)
	}
	if _, err := dec.Token(); err == nil {
		return Template{}, importErr("there is more after the template; the file should hold one template")
	}
	if err := t.Validate(); err != nil {
		return Template{}, err
	}
	return t, nil
}

func importErr(format string, a ...any) error {
	msg := fmt.Sprintf(format, a...)
	return errs.New(errs.Invalid, "not a checklist template: %s", msg).WithKey("err.templateImport", "problem", msg)
}

// decodeErr turns a JSON error into a sentence with the line or field.
func decodeErr(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset-1) // Offset is just past the bad byte
		return importErr("line %d, column %d: %s", line, col, syn.Error())
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		field := typ.Field
		if field == "" {
			return importErr("line %d, column %d: expected a JSON object, found %s", line, col, typ.Value)
		}
		return importErr("line %d, column %d: the field %q should be %s, not %s", line, col, field, kindOf(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return importErr("the file ends in the middle of the template")
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return importErr("unknown field %s (misspelt?)", f)
	}
	return importErr("%v", err)
}

func kindOf(k string) string {
	switch k {
	case "float64", "int", "int64":
		return "a number"
	case "bool":
		return "true or false"
	case "string":
		return "text"
	case "slice":
		return "a list"
	case "struct", "map", "ptr":
		return "an object"
	}
	return k
}

func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	line, col = 1, 1
	for _, r := range string(data[:off]) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
