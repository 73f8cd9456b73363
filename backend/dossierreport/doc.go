// Package dossierreport prints what management reads: the credit-assessment
// report of one customer, the portfolio summary of all active customers and
// the field-visit report of one visit, in Chinese or in English.
//
// It gathers the data from the store and the domain services (credit,
// screening, red flags, identifier checks, field visits) and translates it
// into the blocks of package report, which does the typography. The order
// of the credit report is that of a professional credit report (D&B,
// Sinosure 资信报告): summary first, evidence after.
//
// Every report carries a number (CR-, PF- or VR-YYYYMMDD-<6 hex>) and a
// content hash: the SHA-256 over the report's inputs (the data, the firm and
// the preparer; not the date nor the language), of which the footer shows
// the first 16 hex digits. The same data gives the same hash in both
// languages, so a Chinese and an English copy can be matched.
package dossierreport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"credence/backend/errs"
	"credence/backend/report"
)

// Options says how a report is made.
type Options struct {
	Lang       string // "zh-CN" or "en": the report language, independent of the UI language
	Firm       string // the firm's name (store Settings().FirmName)
	PreparedBy string // who prepares the report
	// PrintedBy is who makes this copy (the unlocking person), named in
	// the footer with the time; PreparedBy when empty. Not hashed: two
	// people printing the same data print the same content hash.
	PrintedBy string
	Now       time.Time // the report date; zero means now
	// Progress, when set, is called as sections render with the sections
	// done so far and their total.
	Progress func(step, total int)
}

// Info describes a written report.
type Info struct {
	Number string `json:"number"` // e.g. CR-20260316-9f2c4e
	Hash   string `json:"hash"`   // first 16 hex digits of the SHA-256 over the inputs
	Pages  int    `json:"pages"`
	Bytes  int64  `json:"bytes"`
}

func (o Options) normalized() Options {
	if o.Lang != report.LangEN {
		o.Lang = report.LangZH
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Firm = strings.TrimSpace(o.Firm)
	o.PreparedBy = strings.TrimSpace(o.PreparedBy)
	if o.PrintedBy = strings.TrimSpace(o.PrintedBy); o.PrintedBy == "" {
		o.PrintedBy = o.PreparedBy
	}
	return o
}

// hashInputs is the SHA-256 over the JSON of the report's inputs (maps are
// encoded with sorted keys, so equal inputs hash alike), as hex.
func hashInputs(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", errs.Wrap(errs.Internal, err, "hash report inputs")
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// number is the report number: prefix-YYYYMMDD-<first 6 hex of the hash>.
func number(prefix string, now time.Time, hash string) string {
	return prefix + "-" + now.Format("20060102") + "-" + hash[:6]
}

// steps counts rendered sections for Options.Progress and stops between
// sections when the context is cancelled.
type steps struct {
	ctx   context.Context
	done  int
	total int
	fn    func(step, total int)
}

// next checks for cancellation before a section and reports the sections
// done so far.
func (s *steps) next() error {
	if err := s.ctx.Err(); err != nil {
		return fmt.Errorf("report cancelled: %w", err)
	}
	if s.fn != nil && s.done > 0 {
		s.fn(s.done, s.total)
	}
	s.done++
	return nil
}

// finish reports the last section done.
func (s *steps) finish() {
	if s.fn != nil {
		s.fn(s.total, s.total)
	}
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// output writes the document and fills in pages and size.
func output(d *report.Doc, w io.Writer, info *Info) error {
	cw := &countingWriter{w: w}
	if err := d.Output(cw); err != nil {
		return errs.Wrap(errs.Internal, err, "write report")
	}
	info.Pages = d.Pages()
	info.Bytes = cw.n
	return nil
}
