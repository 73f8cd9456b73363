package app

import (
	"context"
	"os"
	"time"

	"credence/backend/errs"
	"credence/backend/screening"
)

// ImportPathAllowShrink imports a list that drops more than
// screening.MaxShrink of the current version's entries, once the person
// has checked the file and confirmed: ImportPath refuses such a list with
// err.listShrink, whose parameters say by how much.
func (s *ScreeningService) ImportPathAllowShrink(path string) (*screening.ListVersion, error) {
	svc, err := s.service()
	if err != nil {
		return nil, uiErr(err)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, uiErr(errs.Wrap(errs.NotFound, err, "cannot open %s", path).WithKey("err.cannotOpen", "path", path))
	}
	v, err := svc.ImportWith(context.Background(), path, "", s.user(), screening.ImportOptions{AllowShrink: true})
	if err != nil {
		return nil, uiErr(err)
	}
	s.Rescreen()
	return &v, nil
}

// RollbackList makes an earlier version of a list current again (the
// previous one with versionID ""), then re-screens the book in the
// background.
func (s *ScreeningService) RollbackList(source, versionID string) (*screening.ListVersion, error) {
	svc, err := s.service()
	if err != nil {
		return nil, uiErr(err)
	}
	v, err := svc.Rollback(context.Background(), source, versionID)
	if err != nil {
		return nil, uiErr(err)
	}
	s.Rescreen()
	return &v, nil
}

// SetListPublished records the publication date (YYYY-MM-DD) of a list
// version whose file states none, as read on its download page.
func (s *ScreeningService) SetListPublished(versionID, date string) (*screening.ListVersion, error) {
	svc, err := s.service()
	if err != nil {
		return nil, uiErr(err)
	}
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		return nil, uiErr(errs.New(errs.Invalid, "date must be written YYYY-MM-DD").WithKey("err.date", "field", "published"))
	}
	v, err := svc.SetPublished(versionID, d, s.user())
	if err != nil {
		return nil, uiErr(err)
	}
	return &v, nil
}
