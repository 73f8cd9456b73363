package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/workspace"
)

func init() {
	commands["init"] = cmdInit
	commands["backup"] = cmdBackup
	commands["restore"] = cmdRestore
	commands["passwd"] = cmdPasswd
}

func cmdInit(e *env, args []string) error {
	fs := newFlags("init")
	firm := fs.String("firm", "", "your firm's name")
	user := fs.String("user", "", "your own name")
	lang := fs.String("lang", "zh-CN", "interface and report language: zh-CN or en")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *lang != "zh-CN" && *lang != "en" {
		return usagef("--lang must be zh-CN or en")
	}
	p, err := e.newPassphrase("CREDENCE_PASSPHRASE")
	if err != nil {
		return err
	}
	ws, err := workspace.Create(e.dir, p, store.Settings{FirmName: *firm, UserName: *user, Language: *lang, IdleLockMinutes: 10}, workspace.Options{})
	if err != nil {
		return err
	}
	defer ws.Close()
	fmt.Fprintf(e.stdout, "created workspace %s in %s\n", ws.Store().WorkspaceID(), abs(e.dir))
	return nil
}

func cmdBackup(e *env, args []string) error {
	fs := newFlags("backup")
	out := fs.String("out", "", "backup file to write")
	allowDamaged := fs.Bool("allow-damaged", false, "back up a workspace found damaged (what is intact)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("backup needs --out FILE")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	if err := ws.Backup(context.Background(), *out, io.Discard, store.BackupOptions{AllowDamaged: *allowDamaged}); err != nil {
		return err
	}
	fi, _ := os.Stat(*out)
	fmt.Fprintf(e.stdout, "backup of %d customers written to %s (%d bytes)\n", s.Count(), abs(*out), fi.Size())
	return nil
}

func cmdRestore(e *env, args []string) error {
	fs := newFlags("restore")
	from := fs.String("from", "", "backup file to read")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usagef("restore needs --from FILE")
	}
	if store.Exists(e.dir) {
		return errs.New(errs.Conflict, "a workspace already exists in %s; restore into a new folder with --dir", e.dir)
	}
	p, err := e.passphrase("CREDENCE_PASSPHRASE", "Passphrase of the backup: ")
	if err != nil {
		return err
	}
	if err := store.RestoreFile(context.Background(), *from, e.dir, p); err != nil {
		return err
	}
	ws, err := workspace.Open(e.dir, p, workspace.Options{})
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := ws.Restored(); err != nil {
		return err
	}
	s := ws.Store()
	fmt.Fprintf(e.stdout, "restored %d customers into %s\n", s.Count(), abs(e.dir))
	return nil
}

func cmdPasswd(e *env, args []string) error {
	fs := newFlags("passwd")
	rekey := fs.Bool("rekey", false, "also re-encrypt the workspace under a new data key")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if !store.Exists(e.dir) {
		return errs.New(errs.NotFound, "no workspace in %s (create one with `credence --dir %s init`)", e.dir, e.dir)
	}
	old, err := e.passphrase("CREDENCE_PASSPHRASE", "Passphrase: ")
	if err != nil {
		return err
	}
	p, err := e.newPassphrase("CREDENCE_NEW_PASSPHRASE")
	if err != nil {
		return err
	}
	if *rekey {
		fmt.Fprintln(e.stderr, "re-encrypting the workspace under a new key …")
		if err := store.Rekey(e.dir, old, p); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "passphrase changed; the workspace is re-encrypted under a new data key (older backups keep the old key and passphrase)")
		return nil
	}
	ws, err := workspace.Open(e.dir, old, workspace.Options{})
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := ws.Store().ChangePassphrase(old, p); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "passphrase changed")
	return nil
}

// newPassphrase reads a new passphrase: from varName when set (a script
// chose it), else typed twice, so a typo cannot lock the workspace.
func (e *env) newPassphrase(varName string) (string, error) {
	if p := os.Getenv(varName); p != "" {
		return p, store.CheckPassphrase(p)
	}
	p, err := e.passphrase(varName, "New passphrase: ")
	if err != nil {
		return "", err
	}
	if err := store.CheckPassphrase(p); err != nil {
		return "", err
	}
	again, err := e.passphrase(varName, "Repeat the new passphrase: ")
	if err != nil || again != p {
		return "", errs.New(errs.Invalid, "the two new passphrases differ; nothing was changed").WithKey("err.passphraseMismatch")
	}
	return p, nil
}
