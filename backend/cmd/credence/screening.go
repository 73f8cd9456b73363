package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"credence/backend/sanctions"
)

func init() { commands["screen"] = cmdScreen }

// hitJSON is one hit as `screen --json` prints it.
type hitJSON struct {
	List        string   `json:"list"`
	EntryID     string   `json:"entry_id"`
	Name        string   `json:"name"`
	MatchedName string   `json:"matched_name"`
	QueryName   string   `json:"query_name"`
	Score       float64  `json:"score"`
	Reasons     []string `json:"reasons"`
}

func cmdScreen(e *env, args []string) error {
	if len(args) > 0 && args[0] == "decide" {
		return cmdScreenDecide(e, args[1:])
	}
	fs := newFlags("screen")
	name := fs.String("name", "", "the name to screen")
	country := fs.String("country", "", "the party's country (ISO code or name)")
	dob := fs.String("dob", "", "date of birth of a person, YYYY-MM-DD or YYYY")
	asJSON := fs.Bool("json", false, "print JSON")
	all := fs.Bool("all", false, "also print candidates below the threshold (down to 0.5)")
	var aliases multi
	fs.Var(&aliases, "alias", "another name of the party (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *name == "" && len(pos) > 0 {
		*name = strings.Join(pos, " ")
	}
	if strings.TrimSpace(*name) == "" {
		return usagef("screen needs --name NAME")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	svc := ws.Screening
	hits, err := svc.ScreenName(sanctions.Query{Name: *name, Aliases: aliases, Country: *country, BirthDate: *dob}, *all)
	if err != nil {
		return err
	}
	th := svc.Threshold()
	above, below := []hitJSON{}, []hitJSON{}
	for _, h := range hits {
		j := hitJSON{List: h.List, EntryID: h.EntryID, Name: h.Name, MatchedName: h.MatchedName, QueryName: h.QueryName, Score: h.Score, Reasons: h.Reasons}
		if j.Reasons == nil {
			j.Reasons = []string{}
		}
		if h.Score >= th {
			above = append(above, j)
		} else {
			below = append(below, j)
		}
	}
	if *asJSON {
		out := map[string]any{"hits": above, "threshold": th}
		if *all {
			out["candidates"] = below
		}
		return writeJSON(e, out)
	}
	table := func(rows []hitJSON) {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SCORE\tLIST\tENTRY\tNAME\tMATCHED NAME")
		for _, h := range rows {
			fmt.Fprintf(tw, "%.3f\t%s\t%s\t%s\t%s\n", h.Score, h.List, h.EntryID, h.Name, h.MatchedName)
		}
		tw.Flush()
	}
	if len(above) == 0 {
		fmt.Fprintf(e.stdout, "no hits at or above the threshold %.2f\n", th)
	} else {
		table(above)
	}
	if *all {
		if len(below) == 0 {
			fmt.Fprintln(e.stdout, "no candidates below the threshold")
		} else {
			fmt.Fprintf(e.stdout, "\ncandidates below the threshold %.2f:\n", th)
			table(below)
		}
	}
	return nil
}
