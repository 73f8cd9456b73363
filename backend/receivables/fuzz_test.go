package receivables

import (
	"bytes"
	"math"
	"testing"
	"time"

	"credence/backend/sheet"
)

// FuzzRows reads receivables exports of any shape: a row read without
// problems is an invoice that passes Validate (a credit line, once turned
// into a credit note, too), and the figures of such rows add up.
func FuzzRows(f *testing.F) {
	f.Add([]byte("应收账龄分析表\n单位：元\n客户编码,客户名称,单据编号,单据日期,到期日,币种,原币金额,原币余额\n0101,宁波某某贸易有限公司,XS-0001,45306,2024/2/15,人民币,\"12,000.00\",\"2,000\"\n,,小计,,,,12000,2000\n合计,,,,,,12000,2000\n"))
	f.Add([]byte("Customer ID,Customer name,Invoice number,Issue date,Due date,Amount,Currency,Paid amount,Paid date\nC1,ACME GmbH,INV-1,2024-01-15,2024-03-15,1200.50,USD,1200.50,2024-03-20\nC1,ACME GmbH,CN-1,2024-02-01,2024-02-01,-100,USD,,\n"))
	f.Add([]byte("客户名称;发票号码;开票日期;账期;金额(USD);已收金额\nX;1;2024年1月5日;OA 60天;１，０００;2000\n"))
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
		var l Ledger
		for {
			row, err := tb.Next()
			if err != nil {
				break
			}
			r, probs := ReadRow(bind, tb.Headers, row, "CNY")
			if len(probs) > 0 {
				continue
			}
			inv := r.Invoice
			if inv.Amount < 0 {
				inv.Amount, inv.PaidAmount = -inv.Amount, 0
			}
			if err := inv.Validate(); err != nil {
				t.Fatalf("accepted row %+v: %v", r.Invoice, err)
			}
			l.Invoices = append(l.Invoices, inv)
		}
		f := Compute(l, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), "CNY", func(a float64, _ string) (float64, bool) { return a, true })
		var sum float64
		for _, a := range f.Ageing {
			sum += a
		}
		if math.Abs(sum-f.Open) > 0.01*float64(len(l.Invoices)+1) || f.Open < 0 || f.OnTimeShare < 0 || f.OnTimeShare > 1 || f.Invoices != len(l.Invoices) {
			t.Fatalf("figures %+v of %d invoices", f, len(l.Invoices))
		}
	})
}
