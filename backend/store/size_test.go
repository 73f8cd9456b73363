package store

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"credence/backend/dossier"
)

// largest is a customer with every list dossier.Validate bounds full, each
// entry as long as real ones get.
func largest(round int) *dossier.Dossier {
	n := dossier.MaxListItems
	d := &dossier.Dossier{LegalName: dossier.Fact{Value: "深圳市光明照明电器进出口贸易有限公司"}, LatinName: dossier.Fact{Value: "Shenzhen Guangming Lighting Import & Export Trading Co., Ltd."},
		Country: dossier.Fact{Value: "CN"}, Notes: strings.Repeat("备注 notes ", 400)}
	for i := range n {
		src := []dossier.Source{{Kind: "registry", Date: "2026-03-01"}}
		d.Phones = append(d.Phones, dossier.Fact{Value: fmt.Sprintf("+86 755 %04d %04d ext. %d", round, i, i), Sources: src})
		d.Emails = append(d.Emails, dossier.Fact{Value: fmt.Sprintf("purchasing.department.%d.%d@guangming-lighting-export.com.cn", round, i)})
		d.Socials = append(d.Socials, dossier.Fact{Value: fmt.Sprintf("https://www.linkedin.com/in/guangming-lighting-purchasing-%d-%d", round, i)})
		d.Identifiers = append(d.Identifiers, dossier.Fact{Type: "vat", Value: fmt.Sprintf("CN91440300%04dMA5%05d", round, i)})
		d.Aliases = append(d.Aliases, fmt.Sprintf("Guangming Lighting Branch Office Number %d of round %d (Shenzhen Bao'an)", i, round))
		d.Contacts = append(d.Contacts, dossier.Contact{Name: fmt.Sprintf("王建国 Wang Jianguo %d-%d", round, i), Role: dossier.ContactRoles[i%len(dossier.ContactRoles)],
			Email: fmt.Sprintf("wang.jianguo.%d.%d@guangming-lighting-export.com.cn", round, i), Phone: fmt.Sprintf("+86 138 %04d %04d", round, i)})
		d.Tags = append(d.Tags, fmt.Sprintf("trade-fair-canton-%d-%d", round, i))
	}
	return d
}

// The largest customer dossier.Validate lets through is stored however it
// is written: created, every entry then changed and saved, and created in
// a bulk load through transactions. At 339 phones, e-mails and contacts a
// customer was too large for one of Badger's transactions.
func TestTheLargestCustomerValidateAllowsIsStored(t *testing.T) {
	s := MustCreate(t)
	d := largest(1)
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	got, err := s.CreateDossier(d, "U")
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	next := largest(2)
	next.ID, next.CreatedAt, next.CreatedBy, next.UpdatedAt = got.ID, got.CreatedAt, got.CreatedBy, got.UpdatedAt
	if _, err := s.SaveDossier(next, "U"); err != nil {
		t.Fatalf("every entry changed: %v", err)
	}
	sent := false
	ids, err := s.BulkCreate(func() (*dossier.Dossier, error) {
		if sent {
			return nil, io.EOF
		}
		sent = true
		return largest(3), nil
	}, "U", nil)
	if err != nil || len(ids) != 1 {
		t.Fatalf("bulk create: %v", err)
	}
	for _, id := range []string{got.ID, ids[0]} {
		back, err := s.Dossier(id)
		if err != nil || len(back.Phones) != dossier.MaxListItems || len(back.Contacts) != dossier.MaxListItems {
			t.Fatalf("%s read back: %v", id, err)
		}
	}
	// One more is refused before the store is asked.
	d = largest(4)
	d.Phones = append(d.Phones, dossier.Fact{Value: "+86 755 0000 0000"})
	if _, err := s.CreateDossier(d, "U"); err == nil || !strings.Contains(err.Error(), "phones") {
		t.Fatalf("one phone too many: %v", err)
	}
}
