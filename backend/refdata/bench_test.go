package refdata

import "testing"

// BenchmarkLoad is the cost every command pays when it opens a workspace
// that imported one table.
func BenchmarkLoad(b *testing.B) {
	ws := b.TempDir()
	if _, err := Import(ws, TableNeverFree, []byte("alibaba.com\n"), testNow); err != nil {
		b.Fatal(err)
	}
	Builtin()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Load(ws); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsListed(b *testing.B) {
	s := Builtin()
	for i := 0; i < b.N; i++ {
		s.Disposable.Has("mx.eu.mailinator.com")
		s.FreeMail.Has("vip.qq.com")
	}
}

// BenchmarkParseBuiltin is the one-time cost of the first check in a
// process: parsing the embedded tables (121 000 throw-away domains, 14 000
// free-mail domains, OECD, FATF, names).
func BenchmarkParseBuiltin(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := build(func(table string) ([]byte, string, error) {
			d, err := embedded.ReadFile("data/" + files[table])
			return d, "built-in", err
		}, nil); err != nil {
			b.Fatal(err)
		}
	}
}
