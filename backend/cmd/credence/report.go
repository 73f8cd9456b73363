package main

import (
	"bytes"
	"context"
	"credence/backend/safefile"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"credence/backend/dossierreport"
	"credence/backend/dossierreport/input"
)

func init() { commands["report"] = cmdReport }

const reportUsage = "report ID --out FILE.pdf [--lang zh-CN|en] [--by NAME] | report --portfolio --out FILE.pdf [--lang …] | report --visit VISIT_ID --out FILE.pdf [--lang …]"

// cmdReport writes a PDF: the credit report of one customer, the portfolio
// summary, or the report of one field visit. It prints the report number,
// the pages and the size. The file is written whole or not at all.
func cmdReport(e *env, args []string) error {
	fs := newFlags("report")
	out := fs.String("out", "", "the PDF file to write")
	lang := fs.String("lang", "", "zh-CN or en (default: the workspace's language)")
	portfolio := fs.Bool("portfolio", false, "the portfolio summary of all active customers")
	visitID := fs.String("visit", "", "the report of this field visit")
	by := fs.String("by", "", "prepared by (default: the workspace's user)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	kinds := 0
	for _, b := range []bool{len(pos) > 0, *portfolio, *visitID != ""} {
		if b {
			kinds++
		}
	}
	switch {
	case kinds != 1 || len(pos) > 1:
		return usagef("usage: credence %s", reportUsage)
	case *out == "":
		return usagef("report needs --out FILE.pdf")
	case *lang != "" && *lang != "zh-CN" && *lang != "en":
		return usagef("--lang must be zh-CN or en, not %q", *lang)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	settings, err := s.Settings()
	if err != nil {
		return err
	}
	opt := dossierreport.Options{Lang: *lang, Firm: settings.FirmName, PreparedBy: *by, PrintedBy: ws.Printer()}
	if opt.Lang == "" {
		opt.Lang = settings.Language
	}
	if opt.PreparedBy == "" {
		opt.PreparedBy = settings.UserName
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	// The report is rendered in memory and only then written beside the
	// target (0600, fsynced) and renamed: a failed or interrupted report
	// never leaves half a PDF under the name asked for, and the plaintext
	// temporary file exists only for the moment of the write. Temporary
	// files a killed run left behind are removed first.
	path := abs(*out)
	if old, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".credence-report-*.pdf")); len(old) > 0 {
		for _, f := range old {
			// Older than a minute: not another report being written now.
			if fi, err := os.Stat(f); err == nil && time.Since(fi.ModTime()) > time.Minute {
				os.Remove(f)
			}
		}
	}
	var buf bytes.Buffer
	var info dossierreport.Info
	subject := "portfolio" // what the audit entry is about
	// The workspace gathers the inputs, the report package renders them.
	switch {
	case *portfolio:
		var rows []input.PortfolioRow
		if rows, err = ws.PortfolioRows(ctx, time.Now()); err == nil {
			info, err = dossierreport.Portfolio(ctx, rows, opt, &buf)
		}
	case *visitID != "":
		var in input.VisitReport
		if in, err = ws.VisitReport(*visitID); err == nil {
			subject = in.Dossier.ID
			info, err = dossierreport.Visit(ctx, in, opt, &buf)
		}
	default:
		var in input.Credit
		if in, err = ws.CreditReport(pos[0], opt.Now); err == nil {
			subject = in.Dossier.ID
			info, err = dossierreport.Credit(ctx, in, opt, &buf)
		}
	}
	if err != nil {
		return err
	}
	// The PDF is plaintext: written to an unnamed file linked into place
	// once complete, so a kill leaves no hidden copy behind.
	if err := safefile.WriteBytes(path, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s  %d pages  %s  %s\n", info.Number, info.Pages, humanSize(info.Bytes), path)
	return ws.Printed(subject, info.Number)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
