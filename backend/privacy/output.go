package privacy

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"credence/backend/errs"
	"credence/backend/report"
)

// WriteJSON writes what was found, indented: the machine-readable copy a
// person is entitled to.
func WriteJSON(w io.Writer, f Found) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return errs.Wrap(errs.Internal, err, "write subject access")
	}
	return nil
}

// PDFOptions say how the readable copy is made.
type PDFOptions struct {
	Lang      string // report.LangZH or report.LangEN
	Firm      string
	PrintedBy string
	Now       time.Time
}

var labels = map[string][2]string{
	"title":      {"个人数据查阅报告", "Subject access report"},
	"person":     {"数据主体", "Person"},
	"searched":   {"查询时间", "Searched"},
	"firm":       {"数据控制者", "Held by"},
	"read":       {"查阅的客户档案", "Customer files read"},
	"found":      {"找到的记录", "Places found"},
	"none":       {"未找到与此人相关的数据。", "Nothing is held about this person."},
	"intro":      {"以下列出本工作区中与此人有关的全部数据：客户档案中的字段、联系人、历史记录、实地考察（会面、签名）及附件名称与说明。签名等文件另行提供。", "Everything this workspace holds about the person: fields of customer files, contacts, history, field visits (met, signed) and evidence files' names and captions. Files such as signatures are given separately."},
	"kind":       {"类别", "Kind"},
	"field":      {"字段", "Field"},
	"value":      {"内容", "Value"},
	"when":       {"时间/说明", "When / note"},
	"printed":    {"由 %s 于 %s 打印", "printed by %s at %s"},
	"customer":   {"客户本人", "the customer"},
	"contact":    {"联系人", "contact"},
	"field.kind": {"档案字段", "file field"},
	"history":    {"历史记录", "history"},
	"visit":      {"实地考察", "field visit"},
	"attachment": {"附件", "attachment"},
}

func say(lang, key string) string {
	w := labels[key]
	if lang == report.LangEN {
		return w[1]
	}
	return w[0]
}

// WritePDF writes the readable copy: who, when, then a table per customer
// file of every place found.
func WritePDF(w io.Writer, f Found, opt PDFOptions) error {
	lang := opt.Lang
	if lang != report.LangEN {
		lang = report.LangZH
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	footer := ""
	if opt.PrintedBy != "" {
		footer = fmt.Sprintf(say(lang, "printed"), opt.PrintedBy, opt.Now.Format("2006-01-02 15:04"))
	}
	d := report.New(report.Options{Lang: lang, Title: say(lang, "title"), Author: opt.Firm, Subject: say(lang, "title"),
		HeaderText: say(lang, "title"), FooterText: footer, Created: opt.Now})
	d.Heading(1, say(lang, "title"))
	d.KeyValues([]report.KV{
		{Key: say(lang, "person"), Value: f.Name},
		{Key: say(lang, "firm"), Value: opt.Firm},
		{Key: say(lang, "searched"), Value: f.Searched.Local().Format("2006-01-02 15:04")},
		{Key: say(lang, "read"), Value: itoa(f.Dossiers)},
		{Key: say(lang, "found"), Value: itoa(len(f.Places))},
	})
	d.Paragraph(say(lang, "intro"))
	if len(f.Places) == 0 {
		d.Paragraph(say(lang, "none"))
	}
	cols := []report.Column{{Title: say(lang, "kind"), Width: 1.1}, {Title: say(lang, "field"), Width: 2}, {Title: say(lang, "value"), Width: 3}, {Title: say(lang, "when"), Width: 1.6}}
	for _, id := range f.DossierIDs() {
		var rows [][]string
		name := id
		for _, p := range f.Places {
			if p.DossierID != id {
				continue
			}
			name = p.Dossier
			when := p.Note
			if !p.At.IsZero() {
				when = strings.TrimSpace(p.At.Local().Format("2006-01-02 15:04") + " " + p.By)
			}
			kind := p.Kind
			if kind == KindField {
				kind = "field.kind"
			}
			rows = append(rows, []string{say(lang, kind), p.Path, p.Value, when})
		}
		d.Heading(2, name)
		d.Table(cols, rows)
	}
	if err := d.Output(w); err != nil {
		return errs.Wrap(errs.Internal, err, "write subject access report")
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
