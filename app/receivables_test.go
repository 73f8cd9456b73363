package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/receivables"
)

func TestReceivablesServiceImportBoardAndNotification(t *testing.T) {
	ws, _, _, rt := services(t)
	if _, err := ws.Create(CreateRequest{FirmName: "Ningbo Export", UserName: "Li Lei", Passphrase: "correct horse battery staple", Confirm: "correct horse battery staple", Language: "en"}); err != nil {
		t.Fatal(err)
	}
	st, _ := ws.sess.Store()
	d, err := st.CreateDossier(&dossier.Dossier{LegalName: dossier.Fact{Value: "杭州明辉贸易有限公司"}, Status: "active"}, "Li Lei")
	if err != nil {
		t.Fatal(err)
	}
	ar := NewReceivablesService(ws.sess, rt)
	Startup(context.Background(), ar)
	defer Shutdown(context.Background(), ar)

	day := func(n int) string { return time.Now().UTC().AddDate(0, 0, n).Format("2006-01-02") }
	csv := "客户编码,客户名称,发票号码,开票日期,到期日,金额,币种\n" +
		fmt.Sprintf("0101,杭州明辉贸易有限公司,XS-1,%s,%s,\"80,000\",USD\n", day(-160), day(-130)) +
		fmt.Sprintf("0199,不认识的公司,XS-2,%s,%s,100,USD\n", day(-10), day(20))
	p := filepath.Join(t.TempDir(), "ageing.csv")
	os.WriteFile(p, []byte(csv), 0o600)
	page, err := ar.Import(p, nil, "", true, false, "")
	if err != nil || page.Result.Written || page.Result.Added != 1 || len(page.Result.Unmatched) != 1 || len(page.Fields) == 0 {
		t.Fatalf("dry run %+v %v", page, err)
	}
	if l, _ := receivables.NewBook(st).Ledger(d.ID); len(l.Invoices) != 0 {
		t.Fatal("the dry run wrote")
	}
	if err := ar.LinkCode("0199", d.ID); err != nil {
		t.Fatal(err)
	}
	page, err = ar.Import(p, nil, "", false, false, "明辉 U8")
	if err != nil || page.Result.Added != 2 || len(page.Result.Unmatched) != 0 {
		t.Fatalf("import %+v %v", page.Result, err)
	}
	maps, _ := ar.Mappings()
	if len(maps) != len(receivables.Presets)+1 {
		t.Fatalf("mappings %+v", maps)
	}
	c, err := ar.Customer(d.ID)
	if err != nil || c.Figures.Ageing[4] != 80000 || len(c.Alerts) == 0 {
		t.Fatalf("customer %+v %v", c.Figures, err)
	}
	fresh := ar.Watch()
	if len(fresh) != 1 || fresh[0].Rule != receivables.RuleOverdue || !rt.saw("ar:alerts") {
		t.Fatalf("notification %+v", fresh)
	}
	if again := ar.Watch(); len(again) != 0 {
		t.Fatalf("announced twice: %+v", again)
	}
	if _, err := ar.Act(fresh[0].ID, receivables.ActHandled, ""); uiError(t, err).Key != "err.arHandledNote" {
		t.Fatal("handled without a note")
	}
	if err := ar.Delete("credit_user", "x"); !strings.Contains(err.Error(), "err.arField") {
		t.Fatalf("deleting another kind: %v", err)
	}
}
