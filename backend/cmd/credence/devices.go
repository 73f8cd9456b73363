package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"credence/backend/syncclient"
	"credence/backend/syncproto"
)

func init() { commands["devices"] = cmdDevices }

// Usage (see env.go):
//
//	devices [list] [--json]
//	devices invite [--role sales|credit_manager|admin]
//	devices remove ID
func cmdDevices(e *env, args []string) error {
	verb := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	fs := newFlags("devices " + verb)
	asJSON := fs.Bool("json", false, "print JSON")
	role := fs.String("role", syncproto.RoleSales, "role of the new device")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case verb == "remove" && len(pos) != 1:
		return usagef("devices remove ID")
	case verb != "remove" && len(pos) > 0:
		return usagef("devices %s takes no arguments", verb)
	case verb != "list" && verb != "invite" && verb != "remove":
		return usagef("devices: unknown command %q (list, invite, remove)", verb)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	cl, err := ws.SyncClient(syncclient.Options{})
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx := context.Background()
	switch verb {
	case "invite":
		code, err := cl.Invite(ctx, *role)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, code)
		fmt.Fprintf(e.stderr, "one-time pairing code for a %s device; on it run: credence --dir DIR join --code CODE --user NAME\n", *role)
		return nil
	case "remove":
		if err := cl.RemoveDevice(ctx, pos[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "device %s removed; the workspace key moved to a new epoch for the remaining devices\n", pos[0])
		return nil
	}
	ds, epoch, err := cl.Devices(ctx)
	if err != nil {
		return err
	}
	granted, err := cl.Granted()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, map[string]any{"devices": ds, "epoch": epoch, "this": cl.State().Device, "granted": granted})
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	me := cl.State().Device
	for _, d := range ds {
		signed := "role not signed yet"
		if g := granted[d.ID]; g != "" {
			signed = g + " signed by an admin"
		}
		state := "active"
		if d.Revoked != nil {
			state = "removed " + d.Revoked.Format("2006-01-02")
		}
		if d.ID == me {
			state += " (this device)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", d.ID, d.Name, d.Role, signed, state)
	}
	return w.Flush()
}
