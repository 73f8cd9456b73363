package app

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"credence/backend/gen"
	"credence/backend/search"
)

// The customer list as the window asks for it: DossierService.List (the
// index's page, then where each of the 50 customers stands: credit,
// screening, receivables, read from the workspace) and the JSON the
// bridge sends, at 10 000 and 100 000 generated customers screened
// against a list. Each query shape is reported on its own, p50/p95 of one
// call; BENCHMARKS.md gives the ratio of the two books beside the index
// alone (backend/search BenchmarkIndexSearch*).
//
//	go test -run '^$' -bench 'List(10k|100k)$' -benchtime 200x -timeout 30m ./app

var listShapes = []struct {
	name string
	q    search.Query
}{
	{"letter", search.Query{Text: "a"}},
	{"han", search.Query{Text: "光明"}},
	{"words", search.Query{Text: "muller gmbh"}},
	{"identifier", search.Query{Text: "CN0001"}},
	{"identifier-punct", search.Query{Text: "CN-000 12"}},
	// Customer 4 321's registration number: one answer in both books.
	{"identifier-whole", search.Query{Text: "GB049654325"}},
	{"email", search.Query{Text: "sales42@"}},
	{"freemail", search.Query{Text: "gmail"}},
	{"phone", search.Query{Text: "+86 12"}},
	{"none", search.Query{Text: "nothing matches this"}},
	{"empty-name", search.Query{}},
	{"empty-updated", search.Query{Sort: "updated", Desc: true}},
	{"empty-country", search.Query{Sort: "country"}},
	{"empty-status", search.Query{Sort: "status"}},
	{"filter-country", search.Query{Country: "DE"}},
	{"filter-status-updated", search.Query{Status: "active", Sort: "updated", Desc: true}},
	{"page-far", search.Query{Offset: 5000}},
}

func BenchmarkList10k(b *testing.B)  { benchList(b, 10_000) }
func BenchmarkList100k(b *testing.B) { benchList(b, 100_000) }

func benchList(b *testing.B, n int) {
	ws, ds, sc, rt := services(b)
	if _, err := ws.Create(CreateRequest{FirmName: "F", UserName: "U", Language: "en", Passphrase: "abcdefgh1", Confirm: "abcdefgh1"}); err != nil {
		b.Fatal(err)
	}
	s, err := ds.sess.Store()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.BulkCreateSized(n, gen.Stream(n, 1), "gen", nil); err != nil {
		b.Fatal(err)
	}
	// A screened book: every customer has a result the page reads.
	if _, err := sc.ImportPath(filepath.Join("..", "testdata", "sanctions", "us-csl-sample.csv")); err != nil {
		b.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Minute)
	for rt.count("screening:done") < 1 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if rt.count("screening:done") < 1 {
		b.Fatal("the book's screening did not end")
	}
	b.ResetTimer()
	for _, sh := range listShapes {
		b.Run(sh.name, func(b *testing.B) {
			q := sh.q
			q.Limit = 50
			// The first query of a column builds its order.
			if res, err := ds.List(q); err != nil {
				b.Fatal(err)
			} else if sh.name == "identifier-whole" && res.Total != 1 {
				b.Fatalf("%s: %d matches, want the one customer", q.Text, res.Total)
			}
			var lat []time.Duration
			for b.Loop() {
				t := time.Now()
				res, err := ds.List(q)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := json.Marshal(res); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
