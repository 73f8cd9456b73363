package trade

import (
	"bytes"
	"regexp"
	"testing"

	"credence/backend/sheet"
)

var reDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// FuzzRows reads customs exports of any shape: a row read without
// problems has a proper date and figures that are not negative, and the
// summary of such rows is consistent.
func FuzzRows(f *testing.F) {
	f.Add([]byte("海关数据\n\n进口日期,进口商,供应商,原产国,金额(USD),毛重(kg)\n45306,ACME GMBH,Ningbo Light,中国,\"1,200\",３００\n2024/2/1,ACME GMBH,X,Malaysia,＄500,\n合计,,,,1700,\n"))
	f.Add([]byte("Date;Consignee;Shipper;Country of origin;Value\n15.01.2024;A;B;CN;1.234,50\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := sheet.OpenCSV(bytes.NewReader(b))
		if err != nil {
			return
		}
		tb, err := sheet.FindHeader(src, Schema)
		if err != nil {
			return
		}
		bind, err := Schema.Bind(Schema.Guess(tb.Headers), tb.Headers)
		if err != nil {
			return
		}
		var recs []Record
		for {
			row, err := tb.Next()
			if err != nil {
				break
			}
			r, probs := toRecord(bind, row)
			if len(probs) > 0 {
				continue
			}
			if !reDay.MatchString(r.Date) || r.Value < 0 || r.WeightKg < 0 || r.Quantity < 0 {
				t.Fatalf("accepted row %+v", r)
			}
			recs = append(recs, r)
		}
		s := Summarize(recs, nil).Summary
		if s.Shipments != len(recs) || s.ChinaShare < 0 || s.ChinaShare > 1 || (len(recs) > 0 && s.Months < 1) {
			t.Fatalf("summary %+v of %d records", s, len(recs))
		}
	})
}
