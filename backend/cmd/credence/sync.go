package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"credence/backend/syncclient"
)

func init() { commands["sync"] = cmdSync }

// Usage (see env.go):
//
//	sync setup --server https://HOST:PORT [--name DEVICE]
//	sync [--json] [--force-deletes]
func cmdSync(e *env, args []string) error {
	if len(args) > 0 && args[0] == "setup" {
		return cmdSyncSetup(e, args[1:])
	}
	fs := newFlags("sync")
	asJSON := fs.Bool("json", false, "print JSON")
	force := fs.Bool("force-deletes", false, "push a mass delete the safety check refuses")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("sync: unknown command %q (setup, or no argument)", pos[0])
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	r, err := ws.Sync(context.Background(), syncclient.Options{ForceDeletes: *force})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, r)
	}
	printResult(e, r)
	return nil
}

func printResult(e *env, r syncclient.Result) {
	fmt.Fprintf(e.stdout, "pushed %d changes, pulled %d (%d new, %d already here)", r.Pushed, r.Pulled, r.Applied, r.Duplicates)
	if r.Conflicts > 0 {
		fmt.Fprintf(e.stdout, ", %d conflicts to resolve (credence conflicts)", r.Conflicts)
	}
	if r.Refused > 0 {
		fmt.Fprintf(e.stdout, ", %d changes to people or roles refused (beyond their device's signed role)", r.Refused)
	}
	if r.Rejected > 0 {
		fmt.Fprintf(e.stdout, ", %d from removed devices dropped", r.Rejected)
	}
	if r.Wrapped > 0 {
		fmt.Fprintf(e.stdout, "; shared the workspace key with %d new devices", r.Wrapped)
	}
	fmt.Fprintln(e.stdout)
	if r.Warning != "" {
		fmt.Fprintf(e.stderr, "warning: %s\n", r.Warning)
	}
}

func deviceName(name string) string {
	if name != "" {
		return name
	}
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "computer"
	}
	return h
}

func cmdSyncSetup(e *env, args []string) error {
	fs := newFlags("sync setup")
	server := fs.String("server", "", "the sync server: https://HOST:PORT")
	name := fs.String("name", "", "this device's name (the host name by default)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || *server == "" {
		return usagef("sync setup --server https://HOST:PORT [--name DEVICE]")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	fp, err := ws.SyncSetup(ctx, *server, deviceName(*name), syncclient.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "workspace %s registered with %s; this device is its admin\n", ws.Store().WorkspaceID(), *server)
	fmt.Fprintf(e.stdout, "server certificate fingerprint (pinned): %X\n", fp)
	fmt.Fprintln(e.stdout, "compare it with the one credence-server printed when it started")
	return nil
}
