package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"credence/backend/assess"
	"credence/backend/credit"
	"credence/backend/screening"
	"credence/backend/store"
	"credence/backend/workspace"
)

// creditUsage is the help of the decision commands: every decision the app
// records can be made and checked from a script, under the same rules.
const creditUsage = `  screen decide DOSSIER_ID ENTRY_ID (--true-match|--false-positive) --reason R [--by NAME] [--json]
                                record a compliance decision on a sanctions hit (ENTRY_ID
                                is the list entry id or LIST:ENTRY); credit managers and admins
  credit show DOSSIER_ID [--json]
                                proposals, the current limit and the undecided hits
  credit propose DOSSIER_ID [--snapshot ID] [--limit N] [--currency CCY]
                 [--terms CODE] [--days N] [--deposit PCT] [--comment C] [--by NAME] [--json]
                                propose a limit and terms on an assessment (the newest, and
                                its recommendation, unless given); prints the proposal id
  credit legal-check DOSSIER_ID --kind litigation|bankruptcy --source S [--date D] [--by NAME]
                                record a search of court or insolvency records that found
                                nothing ("checked, nothing found" is not "not checked")
  credit users [--json]         the people, their roles and the record of role changes
  credit add-user NAME --role sales|credit_manager|admin [--by NAME]
  credit set-role NAME ROLE [--by NAME]
                                people and roles: admins only, every change recorded
  credit approve PROPOSAL_ID [--comment C] [--by NAME] [--json]
  credit reject PROPOSAL_ID --comment C [--by NAME] [--json]
                                decide a proposal: credit managers and admins, never on their
                                own proposal (unless the policy has a single approver), never
                                while a sanctions hit is undecided
`

func init() { commands["credit"] = cmdCredit }

// decideArgs is a parsed `screen decide` command line.
type decideArgs struct {
	dossierID, entry, verdict, reason, by string
	json                                  bool
}

// parseDecide reads `screen decide` arguments; it touches no workspace.
func parseDecide(args []string) (decideArgs, error) {
	fs := newFlags("screen decide")
	trueMatch := fs.Bool("true-match", false, "the customer is the listed party")
	falsePos := fs.Bool("false-positive", false, "the customer is not the listed party")
	reason := fs.String("reason", "", "why (required)")
	by := fs.String("by", "", "who decides (default: the workspace user)")
	asJSON := fs.Bool("json", false, "print the screening result as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return decideArgs{}, err
	}
	if len(pos) != 2 {
		return decideArgs{}, usagef("screen decide needs DOSSIER_ID and ENTRY_ID")
	}
	a := decideArgs{dossierID: strings.TrimSpace(pos[0]), entry: strings.TrimSpace(pos[1]), reason: strings.TrimSpace(*reason), by: strings.TrimSpace(*by), json: *asJSON}
	switch {
	case *trueMatch == *falsePos:
		return a, usagef("screen decide needs exactly one of --true-match and --false-positive")
	case *trueMatch:
		a.verdict = screening.VerdictTrueMatch
	default:
		a.verdict = screening.VerdictFalsePositive
	}
	if a.reason == "" {
		return a, usagef("screen decide needs --reason: say why")
	}
	if a.dossierID == "" || a.entry == "" {
		return a, usagef("screen decide needs DOSSIER_ID and ENTRY_ID")
	}
	return a, nil
}

// cmdScreenDecide records a decision on one hit through the credit rules.
func cmdScreenDecide(e *env, args []string) error {
	a, err := parseDecide(args)
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	r, err := ws.Screening.Result(a.dossierID)
	if err != nil {
		return err
	}
	key, err := hitKeyOf(r, a.entry)
	if err != nil {
		return err
	}
	r, err = ws.DecideHit(a.dossierID, key, a.verdict, a.reason, byOr(s, a.by))
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(e, r)
	}
	pending, err := ws.Credit.Pending(a.dossierID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", key, a.verdict)
	if len(pending) > 0 {
		fmt.Fprintf(e.stdout, "%d hit(s) still undecided: the customer stays on hold\n", len(pending))
	} else {
		fmt.Fprintln(e.stdout, "every hit is decided: assess again for a grade")
	}
	return nil
}

// hitKeyOf finds the hit an ENTRY_ID names: its key (LIST:ENTRY) or its
// entry id when only one list has it.
func hitKeyOf(r screening.Result, entry string) (string, error) {
	var keys []string
	for _, h := range r.Hits {
		if h.Key == entry {
			return h.Key, nil
		}
		if h.EntryID == entry {
			keys = append(keys, h.Key)
		}
	}
	switch len(keys) {
	case 1:
		return keys[0], nil
	case 0:
		var have []string
		for _, h := range r.Hits {
			have = append(have, h.Key)
		}
		if len(have) == 0 {
			return "", usagef("customer %s has no sanctions hits", r.DossierID)
		}
		return "", usagef("customer %s has no hit %s (its hits: %s)", r.DossierID, entry, strings.Join(have, ", "))
	}
	return "", usagef("entry %s is on several lists: name one of %s", entry, strings.Join(keys, ", "))
}

func byOr(s *store.Store, by string) string {
	if by != "" {
		return by
	}
	return s.User()
}

// proposeArgs is a parsed `credit propose` command line.
type proposeArgs struct {
	dossierID, snapshot, currency, comment, by string
	limit                                      *float64 // nil: the recommendation
	terms                                      *assess.Terms
	json                                       bool
}

// parsePropose reads `credit propose` arguments; it touches no workspace.
func parsePropose(args []string) (proposeArgs, error) {
	fs := newFlags("credit propose")
	snapshot := fs.String("snapshot", "", "the assessment to propose on (default: the newest)")
	limit := fs.String("limit", "", "the limit (default: the recommended one)")
	ccy := fs.String("currency", "", "the limit's currency (default: the policy's)")
	code := fs.String("terms", "", "payment terms: "+strings.Join(assess.TermCodes, ", ")+" (default: the recommended ones)")
	days := fs.Int("days", 0, "days, for oa and da")
	deposit := fs.Int("deposit", 0, "deposit per cent, for deposit_bl")
	comment := fs.String("comment", "", "a note for the approver")
	by := fs.String("by", "", "who proposes (default: the workspace user)")
	asJSON := fs.Bool("json", false, "print the proposal as JSON")
	id, err := oneArg(fs, args, "DOSSIER_ID")
	if err != nil {
		return proposeArgs{}, err
	}
	a := proposeArgs{dossierID: strings.TrimSpace(id), snapshot: strings.TrimSpace(*snapshot), currency: strings.ToUpper(strings.TrimSpace(*ccy)),
		comment: strings.TrimSpace(*comment), by: strings.TrimSpace(*by), json: *asJSON}
	if a.dossierID == "" {
		return a, usagef("credit propose needs DOSSIER_ID")
	}
	if *limit != "" {
		v, err := strconv.ParseFloat(strings.TrimSpace(*limit), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return a, usagef("credit propose: --limit %q is not an amount of at least 0", *limit)
		}
		a.limit = &v
	}
	if *code != "" {
		t := assess.Terms{Code: strings.ToLower(strings.TrimSpace(*code))}
		if !slices.Contains(assess.TermCodes, t.Code) {
			return a, usagef("credit propose: --terms %q is not one of %s", *code, strings.Join(assess.TermCodes, ", "))
		}
		switch t.Code {
		case assess.TermOA, assess.TermDA:
			if *days <= 0 || *days > 360 {
				return a, usagef("credit propose: --terms %s needs --days between 1 and 360", t.Code)
			}
			t.Days = *days
		case assess.TermDepositBL:
			if *deposit <= 0 || *deposit >= 100 {
				return a, usagef("credit propose: --terms deposit_bl needs --deposit between 1 and 99")
			}
			t.DepositPct = *deposit
		}
		a.terms = &t
	} else if *days != 0 || *deposit != 0 {
		return a, usagef("credit propose: --days and --deposit go with --terms")
	}
	return a, nil
}

// decisionArgs is a parsed `credit approve|reject` command line.
type decisionArgs struct {
	proposalID, comment, by string
	approve, json           bool
}

// parseDecision reads `credit approve|reject` arguments.
func parseDecision(verb string, args []string) (decisionArgs, error) {
	fs := newFlags("credit " + verb)
	comment := fs.String("comment", "", "the decision's comment (required to reject)")
	by := fs.String("by", "", "who decides (default: the workspace user)")
	asJSON := fs.Bool("json", false, "print the proposal as JSON")
	id, err := oneArg(fs, args, "PROPOSAL_ID")
	if err != nil {
		return decisionArgs{}, err
	}
	a := decisionArgs{proposalID: strings.TrimSpace(id), comment: strings.TrimSpace(*comment), by: strings.TrimSpace(*by), approve: verb == "approve", json: *asJSON}
	if a.proposalID == "" {
		return a, usagef("credit %s needs PROPOSAL_ID", verb)
	}
	if !a.approve && a.comment == "" {
		return a, usagef("credit reject needs --comment: say why")
	}
	return a, nil
}

func cmdCredit(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("credit needs show, propose, approve, reject, legal-check, users, add-user or set-role")
	}
	switch args[0] {
	case "show":
		return cmdCreditShow(e, args[1:])
	case "propose":
		return cmdCreditPropose(e, args[1:])
	case "approve", "reject":
		return cmdCreditDecide(e, args[0], args[1:])
	case "users":
		return cmdCreditUsers(e, args[1:])
	case "legal-check":
		return cmdCreditLegalCheck(e, args[1:])
	case "add-user", "set-role":
		return cmdCreditRole(e, args[0], args[1:])
	}
	return usagef("unknown credit command %q (show, propose, approve, reject, legal-check, users, add-user, set-role)", args[0])
}

func cmdCreditPropose(e *env, args []string) error {
	a, err := parsePropose(args)
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	svc := ws.Credit
	var snap credit.Snapshot
	if a.snapshot != "" {
		if snap, err = svc.Snapshot(a.dossierID, a.snapshot); err != nil {
			return err
		}
	} else {
		snaps, err := svc.Snapshots(a.dossierID)
		if err != nil {
			return err
		}
		if len(snaps) == 0 {
			return usagef("customer %s has no assessment yet: run credence assess %s first", a.dossierID, a.dossierID)
		}
		snap = snaps[0]
	}
	limit, terms := snap.Assessment.Limit.Amount, snap.Assessment.Terms
	if a.limit != nil {
		limit = *a.limit
	}
	if a.terms != nil {
		terms = *a.terms
	} else {
		terms = assess.Terms{Code: terms.Code, Days: terms.Days, DepositPct: terms.DepositPct}
	}
	p, err := svc.Propose(a.dossierID, snap.ID, limit, a.currency, terms, a.comment, byOr(s, a.by))
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(e, p)
	}
	fmt.Fprintln(e.stdout, p.ID)
	return nil
}

func cmdCreditDecide(e *env, verb string, args []string) error {
	a, err := parseDecision(verb, args)
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	p, err := ws.DecideProposal(a.proposalID, a.approve, a.comment, byOr(s, a.by))
	if err != nil {
		return err
	}
	if a.json {
		return writeJSON(e, p)
	}
	line := fmt.Sprintf("%s: %s by %s", p.ID, p.Status, p.Decision.By)
	if p.Decision.SelfApproved {
		line += " (self-approved)"
	}
	fmt.Fprintln(e.stdout, line)
	return nil
}

// creditShow is what `credit show --json` prints.
type creditShow struct {
	Proposals []credit.Proposal `json:"proposals"`
	State     *credit.State     `json:"state"`
	Pending   []screening.Hit   `json:"pending_hits"`
}

func cmdCreditShow(e *env, args []string) error {
	return e.withDossier("credit show", "DOSSIER_ID", args, func(ws *workspace.Workspace, id string, asJSON bool) error {
		svc := ws.Credit
		var out creditShow
		var err error
		if out.Proposals, err = svc.Proposals(id); err != nil {
			return err
		}
		if st, err := svc.State(id); err == nil {
			out.State = &st
		}
		if out.Pending, err = svc.Pending(id); err != nil {
			return err
		}
		if asJSON {
			return writeJSON(e, out)
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		if st := out.State; st != nil {
			self := ""
			if st.SelfApproved {
				self = ", self-approved"
			}
			fmt.Fprintf(w, "current\t%s, %s, approved by %s on %s%s\n", money(st.Limit, st.Currency), termsLine(st.Terms, false), st.ApprovedBy, st.ApprovedAt.Format(time.DateOnly), self)
		} else {
			fmt.Fprintln(w, "current\tno limit approved")
		}
		if len(out.Pending) > 0 {
			fmt.Fprintf(w, "on hold\t%d undecided sanctions hit(s):", len(out.Pending))
			for _, h := range out.Pending {
				fmt.Fprintf(w, " %s", h.Key)
			}
			fmt.Fprintln(w)
		}
		for _, p := range out.Proposals {
			fmt.Fprintf(w, "%s\t%s\t%s, %s\tby %s\n", p.ID, p.Status, money(p.Limit, p.Currency), termsLine(p.Terms, false), p.By)
		}
		return w.Flush()
	})
}

func cmdCreditUsers(e *env, args []string) error {
	fs := newFlags("credit users")
	asJSON := fs.Bool("json", false, "print JSON")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("credit users takes no arguments")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	svc := ws.Credit
	users, err := svc.Users()
	if err != nil {
		return err
	}
	changes, err := svc.RoleChanges()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, map[string]any{"users": users, "role_changes": changes})
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, u := range users {
		fmt.Fprintf(w, "%s\t%s\n", u.Name, u.Role)
	}
	fmt.Fprintln(w, "\nrole changes, newest first")
	for _, c := range changes {
		from := string(c.From)
		if from == "" {
			from = "(new)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s → %s\tby %s\n", c.At.Format(time.DateTime), c.Name, from, c.To, c.By)
	}
	return w.Flush()
}

// cmdCreditRole adds a person or changes a role, as an admin.
func cmdCreditRole(e *env, verb string, args []string) error {
	fs := newFlags("credit " + verb)
	role := fs.String("role", "", "sales, credit_manager or admin")
	by := fs.String("by", "", "the admin acting (default: the workspace user)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if verb == "set-role" && len(pos) == 2 && *role == "" {
		*role, pos = pos[1], pos[:1]
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" || *role == "" {
		return usagef("credit %s needs NAME and a role", verb)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	svc := ws.Credit
	name := strings.TrimSpace(pos[0])
	if verb == "add-user" {
		u, err := svc.AddUser(name, credit.Role(*role), byOr(s, strings.TrimSpace(*by)))
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, u.ID)
		return nil
	}
	users, err := svc.Users()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(users, func(u credit.User) bool { return strings.EqualFold(u.Name, name) })
	if i < 0 {
		return usagef("there is no user called %s", name)
	}
	return ws.SetRole(users[i].ID, credit.Role(*role), byOr(s, strings.TrimSpace(*by)))
}

func cmdCreditLegalCheck(e *env, args []string) error {
	fs := newFlags("credit legal-check")
	kind := fs.String("kind", "", "litigation or bankruptcy")
	source := fs.String("source", "", "which register or database was searched")
	date := fs.String("date", "", "when, YYYY-MM-DD (default today)")
	by := fs.String("by", "", "who searched (default: the workspace user)")
	id, err := oneArg(fs, args, "DOSSIER_ID")
	if err != nil {
		return err
	}
	if *kind != "litigation" && *kind != "bankruptcy" {
		return usagef("credit legal-check needs --kind litigation or bankruptcy")
	}
	if strings.TrimSpace(*source) == "" {
		return usagef("credit legal-check needs --source: which records were searched")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	c, err := ws.Credit.RecordLegalCheck(id, *kind, *source, *date, byOr(s, strings.TrimSpace(*by)))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s records searched on %s (%s): nothing found\n", c.Kind, c.Date, c.Source)
	return nil
}
