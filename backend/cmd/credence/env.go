package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/workspace"
)

const usage = `Usage: credence [--dir DIR] COMMAND [ARGS]

The workspace folder is --dir, else $CREDENCE_DIR, else the app's default.
Who unlocks is --user NAME, else $CREDENCE_USER; without either the
passphrase says whose it is.
The passphrase is read from $CREDENCE_PASSPHRASE, else asked for.

Commands:
  init --firm NAME --user NAME [--lang zh-CN|en]
                                create a new encrypted workspace
  dossier add --name NAME [--latin-name N] [--country CC] [--email E]...
              [--phone P]... [--website URL] [--id TYPE:VALUE]... [--alias A]...
              [--tag T]... [--status S] [--segment b2b|b2c] [--type T] [--owner O]
                                add a customer; prints its id
  dossier list [--query Q] [--country CC] [--status S] [--archived] [--limit N] [--json]
              [--xlsx FILE [--lang zh-CN|en]]
                                --xlsx writes every matching customer to an Excel workbook
  dossier export ID --xlsx FILE [--lang zh-CN|en]
                                one customer's facts, assessments and alerts as a workbook
  dossier show ID [--json]
  dossier update ID [the flags of add] [--address A] [--notes N] [--remove-email E]...
              [--remove-phone P]... [--remove-id TYPE:VALUE]... [--remove-alias A]...
              [--remove-tag T]... [--clear FIELD]... [--json]
                                correct a dossier in place: values set (empty clears), list
                                items added or removed; recorded in its history
  dossier archive ID | dossier unarchive ID
  dossier export ID             the whole dossier as JSON (docs/dossier-json.md)
  dossier import FILE.json|-    a new dossier from that JSON; prints its id
  dossier import FILE.xlsx|FILE.csv [--mapping NAME] [--map FIELD=HEADER]... [--save-mapping NAME]
                 [--skip-invalid] [--dry-run] [--json]
                                a customer list (UTF-8 or GB18030 CSV, or the first sheet of a
                                workbook): rows matching a dossier by identifier, company e-mail
                                domain or name are merged into it; a bad row refuses the file
                                (every problem listed) unless --skip-invalid; new customers are
                                screened
  history ID [--json]           every change of a dossier, newest first
  backup --out FILE [--allow-damaged]
                                write an encrypted backup (a workspace found damaged only
                                with --allow-damaged)
  verify [--json]               read the whole workspace back and report any damage
  restore --from FILE           restore a backup into --dir (must be new)
  passwd [--rekey]              change the passphrase ($CREDENCE_NEW_PASSPHRASE, or asked twice);
                                --rekey also re-encrypts everything under a new data key
                                (after a suspected leak: old backups and passphrases open
                                nothing added later); close the app first
  lists [show|history] [--json]  the imported sanctions lists and their age
  lists import PATH... [--format ofac_sdn|un|eu|uk|us_csl] [--allow-shrink] [--published YYYY-MM-DD]
                                import official list files (a file, or OFAC's folder), then
                                re-screen the whole book; a list that drops more than 1% of
                                the current entries needs --allow-shrink
  lists rollback SOURCE [VERSION_ID]
                                make the previous (or the given) version of a list current
  lists dated VERSION_ID YYYY-MM-DD
                                the publication date of a list whose file states none
  lists threshold [T]           show or set the match threshold (0.5-1, default 0.85)
  screen --name NAME [--country CC] [--alias A]... [--dob D] [--all] [--json]
                                screen a name against the imported lists
  check ID [--json]             all red flags of a dossier
  validate TYPE VALUE           check an identifier (uscc, lei, iban, bic, vat, ein, duns,
                                cnpj, gstin, pan, mst, …); no workspace needed
  assess ID [--json] [--lang zh-CN|en]
                                run and store a credit assessment: grade, score,
                                completeness, dimensions with factors, limit and terms
  report ID --out FILE.pdf [--lang zh-CN|en] [--by NAME]
  report --portfolio --out FILE.pdf [--lang …]
  report --visit VISIT_ID --out FILE.pdf [--lang …]
                                credit report of a customer, portfolio summary, visit report
  visit templates [--json]      field-visit checklist templates
  visit export-template ID [--version N] | visit import-template FILE.json
  visit list ID [--json] | visit show VISIT_ID [--json]
  visit start DOSSIER_ID [--template ID] [--visitor NAME] [--date D]
  visit answer VISIT_ID ITEM_ID VALUE [--note T] | visit photo VISIT_ID ITEM_ID FILE
  visit sign VISIT_ID visitor|customer NAME --png FILE
                                walk a field visit from a script, with the app's rules
  sync setup --server https://HOST:PORT [--name DEVICE]
                                register this workspace with a sync server (this device
                                becomes its admin); prints the certificate fingerprint pinned
  sync [--json] [--force-deletes]
                                push and pull once and say what moved; a push deleting many
                                records from a near-empty workspace needs --force-deletes
  devices [list] [--json] | devices invite [--role sales|credit_manager|admin] | devices remove ID
                                the workspace's devices; a one-time pairing code; remove a lost
                                device (the workspace key moves to a new epoch)
  join --code CODE --user NAME [--firm NAME] [--lang zh-CN|en]
                                create the workspace on a new computer from a pairing code
                                (your own passphrase: $CREDENCE_PASSPHRASE) and pull everything
  conflicts [list] [--json] | conflicts resolve ID winner|loser
                                concurrent edits kept aside; keep what won or the other value
  generate [--count N] [--seed S]
                                add N synthetic customers (for trials and benchmarks)
  version [--json]              this build's version; no workspace needed
  ` + refdataUsage + creditUsage + tradeUsage + arUsage + auditUsage + subjectUsage + privacyUsage

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dir            string
	who            string        // --user: who unlocks ("" lets the passphrase say)
	lines          *bufio.Reader // stdin when it is not a terminal, read line by line
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// exitError ends the program with a code and no further message (the
// command has printed what it had to say).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func dispatch(e *env, args []string) error {
	fs := flag.NewFlagSet("credence", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dir := fs.String("dir", "", "workspace folder")
	who := fs.String("user", "", "who unlocks: a person's name")
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	e.dir, e.who = *dir, *who
	if e.dir == "" {
		e.dir = os.Getenv("CREDENCE_DIR")
	}
	if e.dir == "" {
		e.dir = store.DefaultDir()
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return usagef("no command given")
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		if rest[0] == "help" || rest[0] == "--help" || rest[0] == "-h" {
			fmt.Fprint(e.stdout, usage)
			return nil
		}
		return usagef("unknown command %q", rest[0])
	}
	return cmd(e, rest[1:])
}

// user is who unlocks: --user, else $CREDENCE_USER, else "" (the
// passphrase says whose it is).
func (e *env) user() string {
	if e.who != "" {
		return e.who
	}
	return os.Getenv("CREDENCE_USER")
}

// commands maps a command word to its handler; files register theirs.
var commands = map[string]func(e *env, args []string) error{}

// passphrase reads the passphrase from the environment or the terminal.
func (e *env) passphrase(varName, prompt string) (string, error) {
	if p := os.Getenv(varName); p != "" {
		return p, nil
	}
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read passphrase: %w", err)
		}
		return string(b), nil
	}
	if e.lines == nil {
		e.lines = bufio.NewReader(e.stdin) // one reader: several prompts may read several lines
	}
	line, err := e.lines.ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		if err != nil && err != io.EOF {
			return "", fmt.Errorf("read passphrase: %w", err)
		}
		return "", errs.New(errs.Invalid, "no passphrase: set %s or type it when asked", varName)
	}
	return line, nil
}

// open unlocks the workspace: the one way every command opens it, with
// its services wired as the app's (backend/workspace). The caller closes it.
func (e *env) open() (*workspace.Workspace, error) {
	if !store.Exists(e.dir) {
		return nil, errs.New(errs.NotFound, "no workspace in %s (create one with `credence --dir %s init`)", e.dir, e.dir)
	}
	p, err := e.passphrase("CREDENCE_PASSPHRASE", "Passphrase: ")
	if err != nil {
		return nil, err
	}
	// The reference tables the firm imported replace the built-in ones.
	w, err := workspace.Open(e.dir, p, workspace.Options{User: e.user()})
	if err == nil && openedHook != nil {
		openedHook(w)
	}
	return w, err
}

// openedHook, when set (tests), sees every workspace a command opens.
var openedHook func(*workspace.Workspace)

// sentence is what a person reads for an error.
func sentence(err error) string {
	switch errs.Code(err) {
	case errs.Locked:
		return "the workspace is open in another program (the Credence app?); close it there and try again"
	case errs.Unauthorized:
		if x, ok := errs.As(err); ok && x.Key == "err.wrongPassphrase" {
			return "wrong passphrase; nothing was changed"
		}
	}
	return err.Error()
}

// newFlags makes a flag set for a subcommand, reporting errors as usage.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags that may come before or after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// oneArg parses the flags and the one positional argument of a command;
// what names the argument in the usage message ("ID", "template ID").
func oneArg(fs *flag.FlagSet, args []string, what string) (string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		return "", usagef("%s needs one %s", fs.Name(), what)
	}
	return pos[0], nil
}

// openDossier unlocks the workspace and loads one dossier; the caller
// closes the workspace.
func (e *env) openDossier(id string) (*workspace.Workspace, *dossier.Dossier, error) {
	w, err := e.open()
	if err != nil {
		return nil, nil, err
	}
	d, err := w.Store().Dossier(id)
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	return w, d, nil
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func abs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// withDossier runs a command about one dossier, `NAME ID [--json]`: it
// parses the arguments, opens the workspace on that dossier (a sentence
// when there is no such customer) and hands run the store, the id and
// whether JSON was asked for.
func (e *env) withDossier(name, label string, args []string, run func(w *workspace.Workspace, id string, asJSON bool) error) error {
	fs := newFlags(name)
	asJSON := fs.Bool("json", false, "print JSON")
	id, err := oneArg(fs, args, label)
	if err != nil {
		return err
	}
	w, _, err := e.openDossier(id)
	if err != nil {
		return err
	}
	defer w.Close()
	return run(w, id, *asJSON)
}

// warnHits tells on stderr that a saved customer's screening found new
// possible sanctions matches.
func warnHits(e *env, saved workspace.Saved) {
	if len(saved.NewHits) > 0 {
		fmt.Fprintf(e.stderr, "warning: %d possible sanctions match(es); see `credence check %s`\n", len(saved.NewHits), saved.Dossier.ID)
	}
}
