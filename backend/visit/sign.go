package visit

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"credence/backend/errs"
)

// Sign records one party's signature, drawn on screen (a PNG), stored as
// encrypted evidence on the dossier. Signing again for the same role
// replaces that role's signature. The signature that completes the pair
// (visitor and customer) first checks that the visit is complete — every
// required item answered, a note or photo wherever a bad answer asks for
// one, the minimum number of photos — and, if not, stores nothing and
// returns errs.Invalid (key "err.visitIncomplete") listing what is
// missing. Otherwise the visit is signed off and locked.
func (s *Service) Sign(visitID, role, name string, png []byte, by string) (Visit, error) {
	role = strings.TrimSpace(role)
	name = strings.TrimSpace(name)
	if role != RoleVisitor && role != RoleCustomer {
		return Visit{}, errs.New(errs.Invalid, "a signature is the visitor's or the customer's, not %q", role).WithKey("err.signatureRole", "role", role)
	}
	if name == "" {
		return Visit{}, errs.New(errs.Invalid, "write the name of the person signing").WithKey("err.signerName", "field", "name")
	}
	if len(png) == 0 || http.DetectContentType(png) != "image/png" {
		return Visit{}, errs.New(errs.Invalid, "the signature is not a PNG image").WithKey("err.signatureImage")
	}
	if by == "" {
		by = s.st.User()
	}
	return s.edit(visitID, func(v *Visit, t Template) error {
		if v.Signed() {
			return errSigned()
		}
		others := slices.DeleteFunc(slices.Clone(v.Signatures), func(g Signature) bool { return g.Role == role })
		complete := slices.ContainsFunc(others, func(g Signature) bool { return g.Role != role })
		if complete {
			if missing := Missing(t, *v); len(missing) > 0 {
				return incomplete(missing)
			}
		}
		att, err := s.st.AddAttachment(v.DossierID, "signature-"+role+".png", "site", png, by)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		v.Signatures = append(others, Signature{Role: role, Name: name, AttachmentID: att.ID, At: now})
		if complete {
			v.Status, v.SignedAt = StatusSigned, now
		}
		return nil
	})
}

// Gap is one thing that stops a visit being signed off.
type Gap struct {
	ItemID  string `json:"item_id"`
	Label   Text   `json:"label"`
	Problem string `json:"problem"` // not_answered, note_needed, photo_needed, photos_short
	Need    int    `json:"need,omitempty"`
	Have    int    `json:"have,omitempty"`
}

func (g Gap) String() string {
	l := g.Label.English()
	switch g.Problem {
	case "not_answered":
		return l + ": not answered"
	case "note_needed":
		return l + ": the answer needs a note saying what was found"
	case "photo_needed":
		return l + ": the answer needs a photo"
	case "photos_short":
		return fmt.Sprintf("%s: %d photos needed, %d taken", l, g.Need, g.Have)
	}
	return l + ": " + g.Problem
}

// Missing lists what stops the visit being signed off, in checklist
// order: required items not answered, bad answers without the note or
// photo their item asks for, photo items short of their minimum. Items
// answered "na" need nothing more.
func Missing(t Template, v Visit) []Gap {
	ans := v.Effective()
	var out []Gap
	for _, it := range t.Items() {
		a := ans[it.ID]
		if !answered(it, a) {
			if it.Required {
				out = append(out, Gap{ItemID: it.ID, Label: it.Label, Problem: "not_answered"})
			}
			continue
		}
		if a.Value == "na" {
			continue
		}
		if isBad(it, a) {
			if it.NoteOnBad && a.Note == "" {
				out = append(out, Gap{ItemID: it.ID, Label: it.Label, Problem: "note_needed"})
			}
			if it.PhotoOnBad && len(a.Photos) == 0 {
				out = append(out, Gap{ItemID: it.ID, Label: it.Label, Problem: "photo_needed"})
			}
		}
		if it.MinPhotos > 0 && len(a.Photos) < it.MinPhotos {
			out = append(out, Gap{ItemID: it.ID, Label: it.Label, Problem: "photos_short", Need: it.MinPhotos, Have: len(a.Photos)})
		}
	}
	return out
}

func incomplete(gaps []Gap) error {
	lines := make([]string, len(gaps))
	var ids []string
	for i, g := range gaps {
		lines[i] = g.String()
		if !slices.Contains(ids, g.ItemID) {
			ids = append(ids, g.ItemID)
		}
	}
	return errs.New(errs.Invalid, "the visit cannot be signed off yet: %s", strings.Join(lines, "; ")).
		WithKey("err.visitIncomplete", "items", strings.Join(ids, ","), "missing", strings.Join(lines, "\n"), "count", fmt.Sprint(len(gaps)))
}
