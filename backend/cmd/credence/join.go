package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/syncclient"
	"credence/backend/workspace"
)

func init() { commands["join"] = cmdJoin }

// Usage (see env.go):
//
//	join --code CODE --user NAME [--firm NAME] [--lang zh-CN|en] [--name DEVICE]
func cmdJoin(e *env, args []string) error {
	fs := newFlags("join")
	code := fs.String("code", "", "the pairing code an admin device printed")
	user := fs.String("user", "", "your own name")
	firm := fs.String("firm", "Credence", "the firm's name as this device shows it")
	lang := fs.String("lang", "zh-CN", "interface and report language: zh-CN or en")
	name := fs.String("name", "", "this device's name (the host name by default)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || *code == "" || *user == "" {
		return usagef("join --code CODE --user NAME")
	}
	p, err := e.newPassphrase("CREDENCE_PASSPHRASE")
	if err != nil {
		return err
	}
	_, statErr := os.Stat(e.dir)
	fresh := os.IsNotExist(statErr)
	ws, err := workspace.Create(e.dir, p, store.Settings{FirmName: *firm, UserName: *user, Language: *lang, IdleLockMinutes: 10}, workspace.Options{})
	if err != nil {
		return err
	}
	defer ws.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	r, err := ws.SyncJoin(ctx, *code, deviceName(*name), syncclient.Options{})
	if x, ok := errs.As(err); ok && x.Key == "err.syncWaitingKey" {
		fmt.Fprintf(e.stdout, "joined: this device is paired. An admin device must sync once to share the workspace key; then run `credence --dir %s sync`\n", abs(e.dir))
		return nil
	}
	if err != nil && !syncclient.IsSetUp(ws.Store()) && fresh {
		// Not paired: the folder made for it goes, so the same command
		// can be run again with a good code.
		ws.Close()
		os.RemoveAll(e.dir)
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "joined in %s\n", abs(e.dir))
	printResult(e, r)
	return nil
}
