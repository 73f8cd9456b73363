package workspace

import (
	"context"

	"credence/backend/syncclient"
)

// Sync: the workspace's door to its sync server (backend/syncclient). The
// client is opened per call: its state lives in the store, so the app, the
// CLI and a background timer share it without holding one in memory.

// SyncSetup registers this workspace with the server at url (this device
// becomes its first, admin device) and returns the server certificate's
// fingerprint it pinned.
func (w *Workspace) SyncSetup(ctx context.Context, url, deviceName string, opt syncclient.Options) ([]byte, error) {
	cl, fp, err := syncclient.Setup(ctx, w.st, url, deviceName, w.syncOptions(opt))
	if err != nil {
		return nil, err
	}
	cl.Close()
	return fp, nil
}

// SyncJoin pairs this (new) workspace with the server a pairing code
// names (its person takes the role the code grants), then syncs once; the sync key arrives when an admin device has
// synced since, so the first sync may say it is waiting
// (err.syncWaitingKey): the pairing itself is done.
func (w *Workspace) SyncJoin(ctx context.Context, code, deviceName string, opt syncclient.Options) (syncclient.Result, error) {
	cl, err := syncclient.Join(ctx, w.st, code, deviceName, w.syncOptions(opt))
	if err != nil {
		return syncclient.Result{}, err
	}
	defer cl.Close()
	return w.syncAll(ctx, cl)
}

// SyncClient opens the sync client (errs.NotFound "err.syncNotSetUp"
// when the workspace does not sync), for invitations, devices and sync.
func (w *Workspace) SyncClient(opt syncclient.Options) (*syncclient.Client, error) {
	return syncclient.Open(w.st, w.syncOptions(opt))
}

// Sync pushes and pulls once. Records changed by others come in through
// ApplyRemote, which re-derives what this device keeps from them.
func (w *Workspace) Sync(ctx context.Context, opt syncclient.Options) (syncclient.Result, error) {
	cl, err := syncclient.Open(w.st, w.syncOptions(opt))
	if err != nil {
		return syncclient.Result{}, err
	}
	defer cl.Close()
	return w.syncAll(ctx, cl)
}

// syncAll syncs the change log, then attachments: it uploads the bytes no
// device shared yet and fetches those it lacks; a second sync pushes the
// records saying where the new uploads are. Blobs wait for the sync key
// like the rest (a joined device before its admin synced).
func (w *Workspace) syncAll(ctx context.Context, cl *syncclient.Client) (syncclient.Result, error) {
	res, err := cl.Sync(ctx)
	if err != nil {
		return res, err
	}
	br, err := cl.SyncBlobs(ctx)
	res.Blobs = br
	if err != nil {
		return res, err
	}
	if br.Uploaded > 0 {
		again, err := cl.Sync(ctx)
		if err != nil {
			return res, err
		}
		res.Pushed += again.Pushed
		res.Applied += again.Applied
		res.Conflicts += again.Conflicts
		res.Touched = append(res.Touched, again.Touched...)
	}
	return res, nil
}

// syncOptions makes pulled changes go through ApplyRemote.
func (w *Workspace) syncOptions(opt syncclient.Options) syncclient.Options {
	if opt.Apply == nil {
		opt.Apply = w.ApplyRemote
	}
	return opt
}
