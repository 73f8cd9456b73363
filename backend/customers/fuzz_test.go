package customers

import (
	"bytes"
	"testing"

	"credence/backend/sheet"
)

// FuzzRows reads customer lists of any shape: a row read without problems
// always makes a dossier the store accepts, so an import never fails half
// way on validation.
func FuzzRows(f *testing.F) {
	f.Add([]byte("客户名单\n\n客户名称,国家,邮箱,成立日期,注册资本,状态\n上海华通实业有限公司,中国,hua@huatong.cn,2019年3月1日,\"１，０００\",成交客户\n合计,,,,,\n"))
	f.Add([]byte("Company;Country;E-mail;VAT\nMüller GmbH;Germany;a@b.de, c@d.de;DE 136 695 976\n"))
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
		for {
			row, err := tb.Next()
			if err != nil {
				return
			}
			d, probs := toDossier(bind, row)
			if len(probs) > 0 {
				continue
			}
			c := d.Clone()
			c.Normalize(func() string { return "id" })
			if err := c.Validate(); err != nil {
				t.Fatalf("row accepted but the store would refuse it: %v (%+v)", err, d)
			}
		}
	})
}
