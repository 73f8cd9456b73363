package sheet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"credence/backend/errs"
)

var testSchema = Schema{
	{Key: "name", Kind: Text, Required: true, Synonyms: []string{"客户名称", "公司名称", "Company", "Customer name", "Name"}},
	{Key: "country", Kind: Text, Synonyms: []string{"国家", "国别", "Country"}},
	{Key: "date", Kind: Day, Synonyms: []string{"日期", "成立日期", "Date"}},
	{Key: "value", Kind: Amount, Synonyms: []string{"金额", "注册资本", "Value", "Amount"}},
	{Key: "email", Kind: Text, Synonyms: []string{"邮箱", "电子邮件", "E-mail", "Email"}},
}

func TestXLSXLikeARealExport(t *testing.T) {
	p := tmp(t, "customers.xlsx")
	writeXLSX(t, p, "2024年客户名单 Customer list", []string{"序号", "客户名称", "国家", "成立日期", "注册资本（万元）", "邮箱"}, [][]any{
		{1, "Müller Handels GmbH", "德国", dateCell(45306), "１，２３４．５", "info@mueller.de"},
		{2, "深圳市联达贸易有限公司", "CN", "2024年1月16日", "12,500", "sales@lianda.cn"},
		{},
		{3, "Acme Ltd", "United Kingdom", "17/01/2024", "(300)", "a@acme.co.uk"},
		{"合计", nil, nil, nil, 13434.5, nil},
	})
	tb, rows := readAll(t, p, testSchema)
	if tb.HeaderLine != 4 {
		t.Fatalf("header line = %d, want 4 (title, date line, blank line before it)", tb.HeaderLine)
	}
	m := testSchema.Guess(tb.Headers)
	want := Mapping{"name": "客户名称", "country": "国家", "date": "成立日期", "value": "注册资本(万元)", "email": "邮箱"}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("guess = %v, want %v", m, want)
	}
	b, err := testSchema.Bind(m, tb.Headers)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d data rows, want 3 (blank and totals rows skipped): %v", len(rows), rows)
	}
	if tb.Skipped != 2 {
		t.Errorf("skipped = %d, want 2", tb.Skipped)
	}
	var dates []string
	var values []float64
	for _, r := range rows {
		d, ok := Date(b.Get(r.Cells, "date"))
		if !ok {
			t.Fatalf("line %d: date %q unread", r.Line, b.Get(r.Cells, "date"))
		}
		v, ok := Number(b.Get(r.Cells, "value"))
		if !ok {
			t.Fatalf("line %d: value %q unread", r.Line, b.Get(r.Cells, "value"))
		}
		dates, values = append(dates, d), append(values, v)
	}
	if !reflect.DeepEqual(dates, []string{"2024-01-15", "2024-01-16", "2024-01-17"}) {
		t.Errorf("dates = %v", dates)
	}
	if !reflect.DeepEqual(values, []float64{1234.5, 12500, -300}) {
		t.Errorf("values = %v", values)
	}
	if rows[2].Line != 8 {
		t.Errorf("third data row on line %d, want 8 (the blank row counted)", rows[2].Line)
	}
}

func TestCSVEncodings(t *testing.T) {
	text := "客户名单\n\n客户名称,国家,金额\n上海华通实业有限公司,中国,\"1,000\"\n合计,,1000\n"
	for _, c := range []struct {
		name, enc string
		write     func(p string)
	}{
		{"utf8", "utf-8", func(p string) { os.WriteFile(p, []byte(text), 0o600) }},
		{"bom", "utf-8-bom", func(p string) { os.WriteFile(p, []byte("\ufeff"+text), 0o600) }},
		{"gb18030", "gb18030", func(p string) { writeGB18030(t, p, text) }},
		{"semicolon", "utf-8", func(p string) {
			os.WriteFile(p, []byte(strings.ReplaceAll(strings.ReplaceAll(text, ",", ";"), "\"1;000\"", "1000")), 0o600)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := tmp(t, "list.csv")
			c.write(p)
			tb, rows := readAll(t, p, testSchema)
			if tb.Encoding != c.enc {
				t.Errorf("encoding = %s, want %s", tb.Encoding, c.enc)
			}
			if tb.HeaderLine != 3 || len(rows) != 1 {
				t.Fatalf("header line %d, %d rows", tb.HeaderLine, len(rows))
			}
			b, err := testSchema.Bind(testSchema.Guess(tb.Headers), tb.Headers)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.Get(rows[0].Cells, "name"); got != "上海华通实业有限公司" {
				t.Errorf("name = %q", got)
			}
			if v, _ := Number(b.Get(rows[0].Cells, "value")); v != 1000 {
				t.Errorf("value = %v", v)
			}
		})
	}
}

func TestGB18030PastTheSniffWindow(t *testing.T) {
	// A long ASCII start must not make a GB18030 file pass for UTF-8
	// when the Chinese begins only after the sniffed bytes… unless the
	// sniff saw nothing but ASCII: then UTF-8 is what we assume, and the
	// cut-rune tolerance must not hide a real GB18030 byte.
	if validUTF8Prefix([]byte("abc\xc9\xcf\xba\xa3"), true) {
		t.Fatal("GB18030 bytes taken for UTF-8")
	}
	if !validUTF8Prefix([]byte("abc\xe4\xb8"), false) {
		t.Fatal("a UTF-8 rune cut by the window refused")
	}
}

func TestBindRefusesMissingRequired(t *testing.T) {
	_, err := testSchema.Bind(Mapping{"country": "国家"}, []string{"国家"})
	if err == nil {
		t.Fatal("a mapping without the required name column was accepted")
	}
	if _, err := testSchema.Bind(Mapping{"name": "Firm"}, []string{"Company"}); err == nil {
		t.Fatal("a mapping naming an absent column was accepted")
	}
	if _, err := testSchema.Bind(Mapping{"name": "Company", "bogus": "x"}, []string{"Company"}); err == nil {
		t.Fatal("an unknown field was accepted")
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[string]float64{
		"1,234,567.50": 1234567.5, "１２３": 123, "USD 12,000": 12000, "¥-3,000": -3000, "(1,200)": -1200,
		"12.5%": 12.5, "50万": 500000, "1.234.567,50": 1234567.5, "1 234": 1234, "2,500 kg": 2500, "0": 0,
	} {
		if got, ok := Number(in); !ok || got != want {
			t.Errorf("Number(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "-", "1e999", "--1", "1.2.3"} {
		if got, ok := Number(in); ok {
			t.Errorf("Number(%q) = %v, want no number", in, got)
		}
	}
}

func TestDate(t *testing.T) {
	for in, want := range map[string]string{
		"45306": "2024-01-15", "45306.75": "2024-01-15", "2024-01-15": "2024-01-15", "2024/1/5": "2024-01-05",
		"2024年1月15日": "2024-01-15", "１５/０１/２０２４": "2024-01-15", "15.01.2024": "2024-01-15",
		"15-Jan-2024": "2024-01-15", "20240115": "2024-01-15", "2024-01": "2024-01-01", "2024年3月": "2024-03-01",
		"2024-01-15 08:30:00": "2024-01-15",
	} {
		if got, ok := Date(in); !ok || got != want {
			t.Errorf("Date(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "soon", "0", "-5", "99999999", "2024-13-01", "31/02/2024"} {
		if got, ok := Date(in); ok {
			t.Errorf("Date(%q) = %q, want no date", in, got)
		}
	}
}

func TestIsTotals(t *testing.T) {
	for _, c := range []struct {
		row  []string
		want bool
	}{
		{[]string{"", "合计：", "", "100"}, true}, {[]string{"Grand Total"}, true}, {[]string{"TOTAL (USD)", "5"}, true},
		{[]string{"Total SA", "FR"}, false}, {[]string{"合计贸易有限公司"}, false}, {[]string{"", ""}, false},
	} {
		if got := IsTotals(c.row); got != c.want {
			t.Errorf("IsTotals(%q) = %v", c.row, got)
		}
	}
}

func TestHeaderWithoutSynonyms(t *testing.T) {
	src, err := OpenCSV(strings.NewReader("Report\n\nFoo,Bar,Baz\n1,2,3\n"))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := FindHeader(src, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tb.Headers, []string{"Foo", "Bar", "Baz"}) {
		t.Fatalf("headers = %q", tb.Headers)
	}
	r, err := tb.Next()
	if err != nil || r.Cells[2] != "3" {
		t.Fatalf("row = %v, %v", r, err)
	}
	if _, err := tb.Next(); err != io.EOF {
		t.Fatalf("after the last row: %v", err)
	}
}

func TestNotASpreadsheet(t *testing.T) {
	p := tmp(t, "x.xlsx")
	os.WriteFile(p, []byte("not a zip"), 0o600)
	if _, err := Open(p); err == nil {
		t.Fatal("garbage opened as a workbook")
	}
	if _, err := Open(tmp(t, "x.pdf")); err == nil {
		t.Fatal("a .pdf accepted")
	}
}

// TestEach visits every data row in order, stops at fn's first error, and
// stops a cancelled read with err.importCancelled.
func TestEach(t *testing.T) {
	table := func() *Table {
		var b strings.Builder
		b.WriteString("Foo,Bar,Baz\n")
		for i := range 600 {
			fmt.Fprintf(&b, "%d,x,y\n", i)
		}
		src, err := OpenCSV(strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		tb, err := FindHeader(src, testSchema)
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	var seen []string
	if err := table().Each(context.Background(), func(r Row) error { seen = append(seen, r.Cells[0]); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 600 || seen[0] != "0" || seen[599] != "599" {
		t.Fatalf("%d rows, first %q, last %q", len(seen), seen[0], seen[len(seen)-1])
	}
	stop := errors.New("stop")
	n := 0
	if err := table().Each(context.Background(), func(Row) error { n++; return map[bool]error{true: stop}[n == 10] }); err != stop || n != 10 {
		t.Fatalf("fn's error: %v after %d rows", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err := table().Each(ctx, func(Row) error {
		if n++; n == 300 {
			cancel()
		}
		return nil
	})
	if e, ok := errs.As(err); !ok || e.Key != "err.importCancelled" || n >= 600 {
		t.Fatalf("cancelled at 300: %v after %d rows", err, n)
	}
}
