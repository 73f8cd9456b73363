package customers

import (
	"context"
	"strconv"

	"credence/backend/errs"
	"credence/backend/screening"
	"credence/backend/store"
)

// Screen screens the dossiers an import created against the imported
// sanctions lists, one by one so that it can be cancelled (what is
// screened stays screened) and report progress. It returns how many new
// hits were found.
func Screen(ctx context.Context, st *store.Store, ids []string, progress func(done, total int)) (int, error) {
	svc := screening.New(st)
	hits := 0
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return hits, errs.Wrap(errs.Invalid, err, "screening stopped after %d of %d", i, len(ids)).WithKey("err.screenStopped", "done", itoa(i), "total", itoa(len(ids)))
		}
		d, err := st.Dossier(id)
		if err != nil {
			return hits, err
		}
		_, fresh, err := svc.ScreenDossier(d)
		if err != nil {
			return hits, err
		}
		hits += len(fresh)
		if progress != nil {
			progress(i+1, len(ids))
		}
	}
	return hits, nil
}
func itoa(i int) string { return strconv.Itoa(i) }
