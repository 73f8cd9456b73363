package syncserver

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"credence/backend/syncproto"
)

// PostgresStorage keeps everything in PostgreSQL, for a firm that wants its
// database on a real server or a provider hosting many firms. Sequences are
// assigned under a lock on the workspace row, so they are dense and become
// visible in order.
type PostgresStorage struct {
	pool *pgxpool.Pool
}

const schema = `
create table if not exists sync_workspaces (
	id text primary key,
	epoch integer not null,
	last_seq bigint not null default 0,
	created timestamptz not null
);
create table if not exists sync_devices (
	ws text not null references sync_workspaces(id),
	id text not null,
	name text not null,
	role text not null,
	sign_pub bytea not null,
	box_pub bytea not null,
	created timestamptz not null,
	revoked timestamptz,
	primary key (ws, id)
);
create table if not exists sync_keys (
	ws text not null, device text not null, epoch integer not null,
	wrapped bytea not null, by_device text not null,
	primary key (ws, device, epoch),
	foreign key (ws, device) references sync_devices(ws, id)
);
create table if not exists sync_envelopes (
	ws text not null, seq bigint not null,
	change_id text not null, device text not null, device_seq bigint not null,
	epoch integer not null, sealed bytea not null, received timestamptz not null,
	primary key (ws, seq),
	unique (ws, change_id)
);
create table if not exists sync_blobs (
	ws text not null, hash text not null, data bytea not null,
	primary key (ws, hash)
);
create table if not exists sync_pairings (
	hash text primary key, ws text not null, role text not null, created_by text not null,
	expires timestamptz not null, used_by text not null default ''
);
create table if not exists sync_challenges (
	ws text not null, device text not null, nonce bytea not null, expires timestamptz not null,
	primary key (ws, device, nonce)
);
-- the person a device was paired for (added with signed roles)
alter table sync_devices add column if not exists person text not null default '';
alter table sync_devices add column if not exists proof bytea;
`

// OpenPostgres connects to url and creates the tables if needed.
func OpenPostgres(ctx context.Context, url string) (*PostgresStorage, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open postgres storage: %w", err)
	}
	if _, err := pool.Exec(ctx, schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres storage: schema: %w", err)
	}
	return &PostgresStorage{pool: pool}, nil
}

func (s *PostgresStorage) Close() error { s.pool.Close(); return nil }

func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func (s *PostgresStorage) CreateWorkspace(ctx context.Context, ws string, first syncproto.Device, max int) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if max > 0 {
			// The advisory lock makes "count then insert" one step across servers.
			if _, err := tx.Exec(ctx, `select pg_advisory_xact_lock(4242001)`); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRow(ctx, `select count(*) from sync_workspaces`).Scan(&n); err != nil {
				return err
			}
			if n >= max {
				var exists bool
				_ = tx.QueryRow(ctx, `select true from sync_workspaces where id=$1`, ws).Scan(&exists)
				if exists {
					return ErrWorkspaceExists
				}
				return ErrWorkspaceLimit
			}
		}
		_, err := tx.Exec(ctx, `insert into sync_workspaces (id, epoch, created) values ($1, 1, $2)`, ws, first.Created)
		if isUniqueViolation(err) {
			return ErrWorkspaceExists
		}
		if err != nil {
			return err
		}
		return insertDevice(ctx, tx, first)
	})
}

func insertDevice(ctx context.Context, tx pgx.Tx, d syncproto.Device) error {
	_, err := tx.Exec(ctx, `insert into sync_devices (ws, id, name, role, sign_pub, box_pub, created, person, proof) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
		d.Workspace, d.ID, d.Name, d.Role, d.SignPub, d.BoxPub, d.Created, d.Person, d.Proof)
	if isUniqueViolation(err) {
		return ErrDeviceExists
	}
	return err
}

func (s *PostgresStorage) Workspace(ctx context.Context, ws string) (Workspace, error) {
	w := Workspace{ID: ws}
	var seq int64
	var epoch int32
	err := s.pool.QueryRow(ctx, `select epoch, last_seq, created from sync_workspaces where id=$1`, ws).Scan(&epoch, &seq, &w.Created)
	w.Epoch, w.LastSeq = uint32(epoch), uint64(seq)
	return w, notFound(err)
}

const deviceCols = `ws, id, name, role, sign_pub, box_pub, created, revoked, person, proof`

func scanDevice(row pgx.Row) (syncproto.Device, error) {
	var d syncproto.Device
	err := row.Scan(&d.Workspace, &d.ID, &d.Name, &d.Role, &d.SignPub, &d.BoxPub, &d.Created, &d.Revoked, &d.Person, &d.Proof)
	return d, err
}

func (s *PostgresStorage) Device(ctx context.Context, ws, id string) (syncproto.Device, error) {
	d, err := scanDevice(s.pool.QueryRow(ctx, `select `+deviceCols+` from sync_devices where ws=$1 and id=$2`, ws, id))
	return d, notFound(err)
}

func (s *PostgresStorage) Devices(ctx context.Context, ws string) ([]syncproto.Device, error) {
	rows, err := s.pool.Query(ctx, `select `+deviceCols+` from sync_devices where ws=$1 order by id`, ws)
	if err != nil {
		return nil, err
	}
	var out []syncproto.Device
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (s *PostgresStorage) RevokeDevice(ctx context.Context, ws, id string, at time.Time) (uint32, error) {
	var epoch int32
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `select epoch from sync_workspaces where id=$1 for update`, ws).Scan(&epoch); err != nil {
			return notFound(err)
		}
		var revoked *time.Time
		if err := tx.QueryRow(ctx, `select revoked from sync_devices where ws=$1 and id=$2`, ws, id).Scan(&revoked); err != nil {
			return notFound(err)
		}
		if revoked != nil {
			return nil
		}
		if _, err := tx.Exec(ctx, `update sync_devices set revoked=$3 where ws=$1 and id=$2`, ws, id, at.UTC()); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `update sync_workspaces set epoch=epoch+1 where id=$1 returning epoch`, ws).Scan(&epoch)
	})
	return uint32(epoch), err
}

func (s *PostgresStorage) CreatePairing(ctx context.Context, p Pairing) error {
	_, err := s.pool.Exec(ctx, `insert into sync_pairings (hash, ws, role, created_by, expires) values ($1,$2,$3,$4,$5)`,
		p.Hash, p.Workspace, p.Role, p.CreatedBy, p.Expires)
	return err
}

func (s *PostgresStorage) Sweep(ctx context.Context, cutoff time.Time) (int, error) {
	var n int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		a, err := tx.Exec(ctx, `delete from sync_pairings where expires < $1`, cutoff)
		if err != nil {
			return err
		}
		b, err := tx.Exec(ctx, `delete from sync_challenges where expires < $1`, cutoff)
		if err != nil {
			return err
		}
		n = a.RowsAffected() + b.RowsAffected()
		return nil
	})
	return int(n), err
}

func (s *PostgresStorage) RedeemPairing(ctx context.Context, hash string, d syncproto.Device, now time.Time) (syncproto.Device, error) {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var p Pairing
		err := tx.QueryRow(ctx, `select ws, role, expires, used_by from sync_pairings where hash=$1 for update`, hash).
			Scan(&p.Workspace, &p.Role, &p.Expires, &p.UsedBy)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return ErrPairingUnknown
		case err != nil:
			return err
		case p.Workspace != d.Workspace:
			return ErrPairingUnknown
		case p.UsedBy != "":
			return ErrPairingUsed
		case !now.Before(p.Expires):
			return ErrPairingExpired
		}
		if _, err := tx.Exec(ctx, `update sync_pairings set used_by=$2 where hash=$1`, hash, d.ID); err != nil {
			return err
		}
		d.Role = p.Role
		return insertDevice(ctx, tx, d)
	})
	return d, err
}

func (s *PostgresStorage) PutChallenge(ctx context.Context, ws, device string, nonce []byte, expires time.Time) error {
	// Sweep old nonces on about one challenge in 256 (the nonce's first
	// byte is random) rather than run a job for it.
	if nonce[0] == 0 {
		if _, err := s.pool.Exec(ctx, `delete from sync_challenges where expires < now() - interval '1 hour'`); err != nil {
			return err
		}
	}
	_, err := s.pool.Exec(ctx, `insert into sync_challenges (ws, device, nonce, expires) values ($1,$2,$3,$4)`, ws, device, nonce, expires)
	return err
}

func (s *PostgresStorage) ConsumeChallenge(ctx context.Context, ws, device string, nonce []byte, now time.Time) error {
	var expires time.Time
	err := s.pool.QueryRow(ctx, `delete from sync_challenges where ws=$1 and device=$2 and nonce=$3 returning expires`, ws, device, nonce).Scan(&expires)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !now.Before(expires)) {
		return ErrReplay
	}
	return err
}

func (s *PostgresStorage) PutWrappedKeys(ctx context.Context, ws string, keys []syncproto.WrappedKey) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var epoch int64
		if err := tx.QueryRow(ctx, `select epoch from sync_workspaces where id=$1`, ws).Scan(&epoch); err != nil {
			return notFound(err)
		}
		for _, k := range keys {
			if k.Epoch == 0 || int64(k.Epoch) > epoch {
				return ErrBadEpoch
			}
			var one int
			if err := tx.QueryRow(ctx, `select 1 from sync_devices where ws=$1 and id=$2`, ws, k.Device).Scan(&one); err != nil {
				return notFound(err)
			}
			if _, err := tx.Exec(ctx, `insert into sync_keys (ws, device, epoch, wrapped, by_device) values ($1,$2,$3,$4,$5)
				on conflict (ws, device, epoch) do update set wrapped=excluded.wrapped, by_device=excluded.by_device`,
				ws, k.Device, int64(k.Epoch), k.Wrapped, k.By); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *PostgresStorage) WrappedKeys(ctx context.Context, ws, device string) ([]syncproto.WrappedKey, error) {
	rows, err := s.pool.Query(ctx, `select epoch, wrapped, by_device from sync_keys where ws=$1 and device=$2 order by epoch`, ws, device)
	if err != nil {
		return nil, err
	}
	var out []syncproto.WrappedKey
	for rows.Next() {
		k := syncproto.WrappedKey{Device: device}
		var epoch int64
		if err := rows.Scan(&epoch, &k.Wrapped, &k.By); err != nil {
			rows.Close()
			return nil, err
		}
		k.Epoch = uint32(epoch)
		out = append(out, k)
	}
	return out, rows.Err()
}

func (s *PostgresStorage) Append(ctx context.Context, ws string, envs []syncproto.Envelope, now time.Time) ([]uint64, []bool, error) {
	seqs := make([]uint64, len(envs))
	dup := make([]bool, len(envs))
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var last int64
		if err := tx.QueryRow(ctx, `select last_seq from sync_workspaces where id=$1 for update`, ws).Scan(&last); err != nil {
			return notFound(err)
		}
		for i, e := range envs {
			tag, err := tx.Exec(ctx, `insert into sync_envelopes (ws, seq, change_id, device, device_seq, epoch, sealed, received)
				values ($1,$2,$3,$4,$5,$6,$7,$8) on conflict (ws, change_id) do nothing`,
				ws, last+1, e.ChangeID, e.Device, int64(e.DeviceSeq), int64(e.Epoch), e.Sealed, now.UTC())
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 1 {
				last++
				seqs[i] = uint64(last)
				continue
			}
			dup[i] = true
			var seq int64
			if err := tx.QueryRow(ctx, `select seq from sync_envelopes where ws=$1 and change_id=$2`, ws, e.ChangeID).Scan(&seq); err != nil {
				return err
			}
			seqs[i] = uint64(seq)
		}
		_, err := tx.Exec(ctx, `update sync_workspaces set last_seq=$2 where id=$1`, ws, last)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return seqs, dup, nil
}

func (s *PostgresStorage) Since(ctx context.Context, ws string, after uint64, limit int) ([]syncproto.Stored, error) {
	rows, err := s.pool.Query(ctx, `select seq, change_id, device, device_seq, epoch, sealed, received from sync_envelopes
		where ws=$1 and seq>$2 order by seq limit $3`, ws, int64(after), limit)
	if err != nil {
		return nil, err
	}
	var out []syncproto.Stored
	for rows.Next() {
		var e syncproto.Stored
		var seq, dseq, epoch int64
		if err := rows.Scan(&seq, &e.ChangeID, &e.Device, &dseq, &epoch, &e.Sealed, &e.Received); err != nil {
			rows.Close()
			return nil, err
		}
		e.Seq, e.DeviceSeq, e.Epoch = uint64(seq), uint64(dseq), uint32(epoch)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *PostgresStorage) PutBlob(ctx context.Context, ws, hash string, data []byte) (bool, error) {
	tag, err := s.pool.Exec(ctx, `insert into sync_blobs (ws, hash, data) values ($1,$2,$3) on conflict do nothing`, ws, hash, data)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 0, nil
}

func (s *PostgresStorage) Blob(ctx context.Context, ws, hash string) ([]byte, error) {
	var data []byte
	err := s.pool.QueryRow(ctx, `select data from sync_blobs where ws=$1 and hash=$2`, ws, hash).Scan(&data)
	return data, notFound(err)
}
