package main

import (
	"context"
	"errors"
	"time"

	"github.com/spf13/cobra"

	"rueckgabe/bucket"
	"rueckgabe/service"
	"rueckgabe/store"
)

func (a *app) syncCmd() *cobra.Command {
	var to, endpoint string
	cmd := &cobra.Command{
		Use:   "sync [--to s3://BUCKET/PREFIX] [--endpoint URL]",
		Short: "versiegelte Protokolle (Archiv mit Fotos) in den Objektspeicher des Leasinggebers hochladen",
		Long: `sync lädt das Archiv (Bündel, PDF, Fotos) jedes auf diesem Gerät versiegelten, noch nicht
hochgeladenen Protokolls nach PREFIX/<Schlüssel-ID>/<Protokoll-ID>/<Siegel-Hash>.zip und
vermerkt es erst, wenn der Server es mit passender SHA-256 angenommen hat. --to und
--endpoint werden nach dem ersten Mal im Datenverzeichnis gemerkt (sync.json).
Zugangsdaten wie üblich: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION oder
~/.aws/credentials; sie werden nirgends gespeichert. Ohne Netz: Meldung, Exit 1,
nichts vermerkt. Details: docs/sync.md.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			dir, err := a.dir()
			if err != nil {
				return err
			}
			cfg, err := a.syncTarget(dir, to, endpoint)
			if err != nil {
				return err
			}
			c, err := a.bucketClient(cfg)
			if err != nil {
				return err
			}
			rules, err := a.rules()
			if err != nil {
				return err
			}
			trust, err := a.loadTrust()
			if err != nil {
				return err
			}
			return a.withStoreFor(service.SyncTimeout, func(ctx context.Context, s *store.Store, dc config) error {
				prog := a.progress("sync")
				res, err := service.SyncDevice(ctx, s, rules, c, dir, trust, dc.Inspector, prog)
				prog.Done()
				if res != nil {
					for _, ref := range res.Profiles {
						a.say(a.stdout, "profile installed %s", ref)
					}
					for _, r := range res.Refused {
						var oe *service.ObjectError
						if errors.As(r, &oe) {
							a.say(a.stderr, "%s", a.verifyError(oe.Key, oe.Err))
						}
					}
					for _, id := range res.Uploaded {
						a.say(a.stdout, "uploaded %s", id)
					}
					for _, id := range res.Present {
						a.say(a.stdout, "already there %s", id)
					}
					for _, f := range res.Failed {
						a.say(a.stderr, "not uploaded %v", f)
					}
				}
				if err != nil {
					return a.fail(exitFailure, "sync: %s; nichts weiter vermerkt / nothing more marked, the next sync continues", service.BucketSentence(err))
				}
				if len(res.Failed) > 0 {
					return a.fail(exitFailure, "%d uploaded, %d not (see 'rueckgabe check')", len(res.Uploaded), len(res.Failed))
				}
				if len(res.Uploaded)+len(res.Present) == 0 {
					a.say(a.stdout, "nichts zu synchronisieren / nothing to sync (%s)", cfg.To)
				}
				if len(res.Refused) > 0 {
					return exitError{exitFailure} // a published profile was not installed: named above
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "Ziel s3://BUCKET/PREFIX (wird gemerkt)")
	cmd.Flags().StringVar(&endpoint, "endpoint", "", "S3-Endpunkt, z. B. https://s3.eu-central-1.amazonaws.com oder http://127.0.0.1:7070 (wird gemerkt; Standard: AWS)")
	return cmd
}

// withStoreFor runs fn on the open store with a context that ends after d.
func (a *app) withStoreFor(d time.Duration, fn func(ctx context.Context, s *store.Store, cfg config) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return a.withStore(func(s *store.Store, cfg config) error { return fn(ctx, s, cfg) })
}

// syncTarget is the target given now (and then remembered) or remembered.
func (a *app) syncTarget(dir, to, endpoint string) (service.SyncConfig, error) {
	cfg, err := service.LoadSyncConfig(dir)
	if err != nil {
		return cfg, a.fail(exitInvalid, "rueckgabe: %v", err)
	}
	changed := false
	if to != "" && to != cfg.To {
		cfg.To, changed = to, true
	}
	if endpoint != "" && endpoint != cfg.Endpoint {
		cfg.Endpoint, changed = endpoint, true
	}
	if cfg.To == "" {
		return cfg, a.fail(exitInvalid, "sync: where to? give --to s3://BUCKET/PREFIX once (it is remembered)")
	}
	if _, err := bucket.ParseLocation(cfg.To); err != nil {
		return cfg, a.fail(exitInvalid, "sync: --to: %v", err)
	}
	if changed {
		if err := service.SaveSyncConfig(dir, cfg); err != nil {
			return cfg, a.fail(exitFailure, "sync: %s", service.Sentence(err))
		}
	}
	return cfg, nil
}

func (a *app) bucketClient(cfg service.SyncConfig) (*bucket.Client, error) {
	loc, err := bucket.ParseLocation(cfg.To)
	if err != nil {
		return nil, a.fail(exitInvalid, "%v", err)
	}
	return a.openBucket("sync", cfg.Endpoint, loc)
}

// openBucket opens the object store; missing credentials are said plainly
// (exit 1), a malformed endpoint is an input error (exit 2).
func (a *app) openBucket(what, endpoint string, loc bucket.Location) (*bucket.Client, error) {
	c, err := bucket.Open(endpoint, loc)
	var be *bucket.Error
	switch {
	case errors.As(err, &be):
		return nil, a.fail(exitFailure, "%s: %s", what, service.BucketSentence(err))
	case err != nil:
		return nil, a.fail(exitInvalid, "%s: %v", what, err)
	}
	return c, nil
}
