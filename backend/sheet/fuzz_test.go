package sheet

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// drain reads a whole table the way an import does; it must end in
// io.EOF or an error, never a panic or a loop.
func drain(t *testing.T, src *Source) {
	tb, err := FindHeader(src, testSchema)
	if err != nil {
		return
	}
	b, err := testSchema.Bind(testSchema.Guess(tb.Headers), tb.Headers)
	for i := 0; ; i++ {
		r, err2 := tb.Next()
		if err2 != nil {
			break
		}
		if i > 1<<16 {
			t.Fatal("no end")
		}
		if err == nil {
			Date(b.Get(r.Cells, "date"))
			Number(b.Get(r.Cells, "value"))
		}
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("客户名单\n\n客户名称,国家,金额\n上海华通,中国,\"1,000\"\n合计,,1000\n"))
	f.Add([]byte("\xef\xbb\xbfName;Country;Date\nAcme;DE;15.01.2024\n"))
	f.Add([]byte("\xbf\xcd\xbb\xa7\xc3\xfb\xb3\xc6,\xb9\xfa\xbc\xd2\n\xc9\xcf\xba\xa3,CN\n"))
	f.Add([]byte("a\tb\n\"unterminated\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := OpenCSV(bytes.NewReader(b))
		if err != nil {
			return
		}
		drain(t, src)
	})
}

func FuzzXLSX(f *testing.F) {
	p := tmp(f, "seed.xlsx")
	writeXLSX(f, p, "客户名单", []string{"客户名称", "国家", "日期"}, [][]any{{"Acme", "DE", dateCell(45306)}, {"合计"}})
	b, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := OpenXLSX(bytes.NewReader(b))
		if err != nil {
			return
		}
		defer src.Close()
		drain(t, src)
	})
}

func FuzzValues(f *testing.F) {
	for _, s := range []string{"45306", "2024年1月15日", "１，２３４．５", "(1,200)", "50万", "1.234.567,50", "15-Jan-2024", "1e308", "9999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := Date(s); ok && !reDay.MatchString(d) {
			t.Fatalf("Date(%q) = %q", s, d)
		}
		Number(s)
		IsTotals([]string{s})
	})
}

func FuzzGuess(f *testing.F) {
	f.Add("序号|客户名称|国家|成立日期|注册资本（万元）|邮箱")
	f.Add("Company Name|Country (ISO)|E-mail|Value (USD)|Value")
	f.Fuzz(func(t *testing.T, s string) {
		headers := strings.Split(s, "|")
		m := testSchema.Guess(headers)
		seen := map[string]bool{}
		for _, h := range m {
			if seen[HeaderKey(h)] {
				t.Fatalf("one header mapped twice: %q", h)
			}
			seen[HeaderKey(h)] = true
		}
		if _, err := testSchema.Bind(m, headers); err != nil && m["name"] != "" {
			t.Fatalf("guessed mapping refused: %v", err)
		}
	})
}
