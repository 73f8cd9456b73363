package app

import (
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// The Go↔TypeScript contract. The frontend's api layer (frontend/src/api)
// is written by hand; this test fails when a method Wails binds has no
// wiring there, or when a struct a bound method returns has a JSON field
// that no TypeScript interface of the api layer declares.

// boundServices are the structs main.go hands to Wails' Bind.
var boundServices = []any{
	(*WorkspaceService)(nil), (*DossierService)(nil), (*ScreeningService)(nil), (*CreditService)(nil),
	(*VisitService)(nil), (*ReportService)(nil), (*AboutService)(nil), (*RefDataService)(nil),
	(*ImportService)(nil), (*ReceivablesService)(nil), (*PeopleService)(nil), (*ConflictService)(nil),
	(*AuditService)(nil), (*PrivacyService)(nil), (*SyncService)(nil),
}

// goOnly are bound methods the frontend has no reason to call: Go wires
// them to each other. Each says why.
var goOnly = map[string]string{
	"ScreeningService.Warm":    "called by WorkspaceService.OnUnlock to load the lists",
	"VisitService.Summary":     "the assessment reads it through the credit service",
	"ReceivablesService.Watch": "Go calls it on a timer after unlocking; the frontend hears ar:alerts",
	"SyncService.Kick":         "called by WorkspaceService.OnUnlock: a background sync",
}

// notInTS are Go JSON fields the frontend deliberately does not declare.
var notInTS = map[string]string{}

const apiDir = "../frontend/src/api"

func TestContractEveryBoundMethodAndFieldHasATypeScriptCounterpart(t *testing.T) {
	ts := readTS(t, apiDir)
	if n := boundInMain(t); n != len(boundServices) {
		t.Fatalf("main.go binds %d services, the contract test knows %d: add the new one to boundServices", n, len(boundServices))
	}
	for _, gap := range contractGaps(boundServices, ts) {
		t.Error(gap)
	}
}

// A gap is found: a method and a field that TypeScript does not name, on
// a synthetic service, so the test above can fail.
func TestContractReportsWhatTypeScriptLacks(t *testing.T) {
	ts := readTS(t, apiDir)
	gaps := contractGaps([]any{(*syntheticService)(nil)}, ts)
	want := []string{
		"syntheticService.NoSuchMethodInTheApi: bound but not wired in frontend/src/api",
		"app.syntheticResult: no TypeScript interface declares field_nobody_declared (closest: ",
	}
	for _, w := range want {
		if !slices(gaps, w) {
			t.Errorf("missing gap %q in %q", w, gaps)
		}
	}
	for _, g := range gaps {
		if strings.Contains(g, "legal_name") {
			t.Errorf("a declared field is reported: %s", g)
		}
	}
	// Removing one field from a real interface is noticed too.
	cut := map[string]tsInterface{}
	for k, v := range ts.ifaces {
		cut[k] = v
	}
	d := cut["types.ts:Dossier"]
	d.fields = map[string]bool{}
	for f := range ts.ifaces["types.ts:Dossier"].fields {
		if f != "expected" {
			d.fields[f] = true
		}
	}
	cut["types.ts:Dossier"] = d
	gaps = contractGaps([]any{(*DossierService)(nil)}, tsIndex{ifaces: cut, wiring: ts.wiring})
	if !slices(gaps, "dossier.Dossier: no TypeScript interface declares expected") {
		t.Errorf("a field cut from Dossier is not reported: %q", gaps)
	}
}

// The generic change event has one name and one shape on both sides.
func TestContractChangedEvent(t *testing.T) {
	b, err := os.ReadFile("../frontend/src/stores/events.ts")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if !strings.Contains(text, "'"+EventChanged+"'") {
		t.Errorf("stores/events.ts does not name %q", EventChanged)
	}
	const decl = "export interface Changed {"
	at := strings.Index(text, decl)
	if at < 0 {
		t.Fatal("stores/events.ts declares no interface Changed")
	}
	fields := topFields(text[at+len(decl):])
	names, _ := jsonFields(reflect.TypeOf(Changed{}))
	for _, f := range names {
		if !fields[f] {
			t.Errorf("stores/events.ts Changed lacks %s", f)
		}
	}
}

func slices(gaps []string, prefix string) bool {
	for _, g := range gaps {
		if strings.HasPrefix(g, prefix) {
			return true
		}
	}
	return false
}

type syntheticService struct{}

type syntheticResult struct {
	LegalName string `json:"legal_name"`
	Nobody    string `json:"field_nobody_declared"`
	Hidden    string `json:"-"`
}

func (*syntheticService) NoSuchMethodInTheApi() (syntheticResult, error) {
	return syntheticResult{}, nil
}

// contractGaps lists what the TypeScript side lacks for the services.
func contractGaps(services []any, ts tsIndex) []string {
	var gaps []string
	seen := map[reflect.Type]bool{}
	for _, s := range services {
		typ := reflect.TypeOf(s)
		name := typ.Elem().Name()
		for i := 0; i < typ.NumMethod(); i++ {
			m := typ.Method(i)
			key := name + "." + m.Name
			if _, ok := goOnly[key]; ok {
				continue
			}
			if !ts.wires(name, m.Name) {
				gaps = append(gaps, key+": bound but not wired in frontend/src/api")
			}
			for j := 0; j < m.Type.NumOut(); j++ {
				gaps = append(gaps, structGaps(m.Type.Out(j), ts, seen)...)
			}
		}
	}
	sort.Strings(gaps)
	return gaps
}

var (
	marshaler     = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	timeType      = reflect.TypeOf(time.Time{})
)

// structGaps walks t and reports every struct with a JSON field no
// TypeScript interface declares, naming the interface that comes closest.
func structGaps(t reflect.Type, ts tsIndex, seen map[reflect.Type]bool) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t == timeType || t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler) || t.Implements(textMarshaler) {
		return nil
	}
	seen[t] = true
	fields, children := jsonFields(t)
	var gaps []string
	var want []string
	for _, f := range fields {
		if _, ok := notInTS[t.String()+"."+f]; !ok {
			want = append(want, f)
		}
	}
	if len(want) > 0 {
		best, missing := ts.closest(want)
		if len(missing) > 0 {
			gaps = append(gaps, fmt.Sprintf("%s: no TypeScript interface declares %s (closest: %s)", t.String(), strings.Join(missing, ", "), best))
		}
	}
	for _, c := range children {
		gaps = append(gaps, structGaps(c, ts, seen)...)
	}
	return gaps
}

// jsonFields are the names encoding/json writes for t (embedded structs
// flattened), and the types of the fields to walk into.
func jsonFields(t reflect.Type) (names []string, children []reflect.Type) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" && tag == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				n, c := jsonFields(et)
				names, children = append(names, n...), append(children, c...)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
		children = append(children, f.Type)
	}
	return names, children
}

// tsIndex is what the api layer declares: interfaces ("file:Name") with
// their fields, and per file its text, to find a method's wiring.
type tsIndex struct {
	ifaces map[string]tsInterface
	wiring map[string]string // file → text
}

type tsInterface struct {
	fields  map[string]bool
	extends []string
}

// all are the fields of the interface keyed "file:Name", its own and
// those it extends (looked up in its file first, then in any).
func (ts tsIndex) all(key string, depth int) map[string]bool {
	out := map[string]bool{}
	i, ok := ts.ifaces[key]
	if !ok || depth > 8 {
		return out
	}
	for f := range i.fields {
		out[f] = true
	}
	file, _, _ := strings.Cut(key, ":")
	for _, e := range i.extends {
		ek := file + ":" + e
		if _, ok := ts.ifaces[ek]; !ok {
			for k := range ts.ifaces {
				if strings.HasSuffix(k, ":"+e) {
					ek = k
				}
			}
		}
		for f := range ts.all(ek, depth+1) {
			out[f] = true
		}
	}
	return out
}

// closest is the interface declaring most of want, and what it lacks.
func (ts tsIndex) closest(want []string) (string, []string) {
	best, bestMissing := "", want
	names := make([]string, 0, len(ts.ifaces))
	for n := range ts.ifaces {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		have := ts.all(n, 0)
		var missing []string
		for _, f := range want {
			if !have[f] {
				missing = append(missing, f)
			}
		}
		if len(missing) < len(bestMissing) {
			best, bestMissing = n, missing
		}
	}
	return best, bestMissing
}

// wires reports whether a file of the api layer that names the service
// calls the method: sc('Method', …) or Service.Method(…).
func (ts tsIndex) wires(service, method string) bool {
	for _, text := range ts.wiring {
		if !strings.Contains(text, service) {
			continue
		}
		if strings.Contains(text, "'"+method+"'") || strings.Contains(text, service+"."+method+"(") {
			return true
		}
	}
	return false
}

var (
	reIface = regexp.MustCompile(`(?m)^export interface (\w+)(?:<[^>]*>)?(?:\s+extends\s+([\w\s,<>]+?))?\s*\{`)
	reField = regexp.MustCompile(`^\s*(?:readonly\s+)?['"]?([A-Za-z_]\w*)['"]?\??\s*:`)
)

func readTS(t *testing.T, dir string) tsIndex {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.ts"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no api files in %s: %v", dir, err)
	}
	ts := tsIndex{ifaces: map[string]tsInterface{}, wiring: map[string]string{}}
	for _, f := range files {
		if strings.HasSuffix(f, ".test.ts") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		ts.wiring[filepath.Base(f)] = text
		for _, m := range reIface.FindAllStringSubmatchIndex(text, -1) {
			name := text[m[2]:m[3]]
			var ext []string
			if m[4] >= 0 {
				for _, e := range strings.Split(text[m[4]:m[5]], ",") {
					e, _, _ = strings.Cut(strings.TrimSpace(e), "<")
					ext = append(ext, e)
				}
			}
			ts.ifaces[filepath.Base(f)+":"+name] = tsInterface{fields: topFields(text[m[1]:]), extends: ext}
		}
	}
	return ts
}

// topFields reads the field names of an interface body (after its "{"),
// at its own depth only: inline object types are not its fields.
func topFields(body string) map[string]bool {
	out := map[string]bool{}
	depth, start := 1, 0
	for i := 0; i < len(body) && depth > 0; i++ {
		switch body[i] {
		case '{', '(', '[':
			depth++
		case '}', ')', ']':
			depth--
			if depth == 0 { // the body's last field, on the closing line
				if m := reField.FindStringSubmatch(body[start:i]); m != nil {
					out[m[1]] = true
				}
			}
		case '\n', ';':
			if depth == 1 {
				if m := reField.FindStringSubmatch(body[start:i]); m != nil {
					out[m[1]] = true
				}
				start = i + 1
			}
		}
	}
	return out
}

// boundInMain counts the services main.go binds.
func boundInMain(t *testing.T) int {
	b, err := os.ReadFile("../main.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Bind:\s*\[\]any\{([^}]*)\}`).FindSubmatch(b)
	if m == nil {
		t.Fatal("main.go has no Bind: []any{…}")
	}
	return len(strings.Split(strings.TrimSpace(string(m[1])), ","))
}
