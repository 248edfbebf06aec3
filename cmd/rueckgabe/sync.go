package main

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rueckgabe/bucket"
	"rueckgabe/service"
	"rueckgabe/store"
)

func (a *app) syncCmd() *cobra.Command {
	var to, endpoint string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sync [--to s3://BUCKET/PREFIX] [--endpoint URL] [--json]",
		Short: "versiegelte Protokolle (Archiv mit Fotos) in den Objektspeicher des Leasinggebers hochladen",
		Long: `sync lädt das Archiv (Bündel, PDF, Fotos) jedes auf diesem Gerät versiegelten, noch nicht
hochgeladenen Protokolls nach PREFIX/<Schlüssel-ID>/<Protokoll-ID>/<Siegel-Hash>.zip und
vermerkt es erst, wenn der Server es mit passender SHA-256 angenommen hat. --to und
--endpoint werden nach dem ersten Mal im Datenverzeichnis gemerkt (sync.json).
Zugangsdaten wie üblich: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION oder
~/.aws/credentials; sie werden nirgends gespeichert. Ohne Netz: Meldung, Exit 1,
nichts vermerkt. --json: ein JSON-Dokument am Ende statt der Zeilen. Details: docs/sync.md.`,
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
			var out *syncJSON // --json: what the lines would say, written at the end
			if asJSON {
				out = newSyncJSON(cfg.To)
			}
			return a.withStoreFor(service.SyncTimeout, func(ctx context.Context, s *store.Store, dc config) error {
				prog := a.progress("sync")
				res, err := service.SyncDevice(ctx, s, rules, c, dir, trust, dc.Inspector, prog)
				prog.Done()
				if out != nil {
					if werr := a.printSyncJSON(out, res, err); werr != nil {
						return werr
					}
				} else if res != nil {
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
				if len(res.Uploaded)+len(res.Present) == 0 && out == nil {
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
	cmd.Flags().BoolVar(&asJSON, "json", false, "als JSON: to, uploaded, already_there, not_uploaded (id, reason), profiles_installed, profiles_refused (key, reason), error")
	cmd.Flags().StringVar(&endpoint, "endpoint", "", "S3-Endpunkt, z. B. https://s3.eu-central-1.amazonaws.com oder http://127.0.0.1:7070 (wird gemerkt; Standard: AWS)")
	return cmd
}

// syncJSON is sync --json: one document at the end with what the lines
// say — the target, each protocol uploaded, already there or not uploaded
// (and why), each profile installed or refused (and why), and the error
// that ended the run, if one did.
type syncJSON struct {
	To                string        `json:"to"`
	Uploaded          []string      `json:"uploaded"`
	AlreadyThere      []string      `json:"already_there"`
	NotUploaded       []syncFailed  `json:"not_uploaded"`
	ProfilesInstalled []string      `json:"profiles_installed"`
	ProfilesRefused   []syncRefused `json:"profiles_refused"`
	Error             string        `json:"error,omitempty"`
}

// syncFailed is a protocol whose archive was not uploaded (it stays
// waiting): why, in English and, where the store's words have it, German.
type syncFailed struct {
	ID       string `json:"id,omitempty"`
	Reason   string `json:"reason"`
	ReasonDE string `json:"reason_de,omitempty"`
}

// syncRefused is a published profile not installed: its object key and why.
type syncRefused struct {
	Key    string `json:"key,omitempty"`
	Reason string `json:"reason"`
}

func newSyncJSON(to string) *syncJSON {
	return &syncJSON{To: to, Uploaded: []string{}, AlreadyThere: []string{}, NotUploaded: []syncFailed{},
		ProfilesInstalled: []string{}, ProfilesRefused: []syncRefused{}}
}

// printSyncJSON completes out with the upload's result and the error that
// ended the run (said on stderr as well, as without --json) and prints it.
func (a *app) printSyncJSON(out *syncJSON, res *service.SyncResult, err error) error {
	if res != nil {
		out.Uploaded = append(out.Uploaded, res.Uploaded...)
		out.AlreadyThere = append(out.AlreadyThere, res.Present...)
		for _, f := range res.Failed {
			// service words a failure "ID: why"
			item := syncFailed{Reason: f.Error()}
			if inner := errors.Unwrap(f); inner != nil {
				if id, ok := strings.CutSuffix(f.Error(), ": "+inner.Error()); ok {
					de, en := service.Words(inner)
					if en == "" {
						de, en = "", de
					}
					item = syncFailed{ID: id, Reason: en, ReasonDE: de}
				}
			}
			out.NotUploaded = append(out.NotUploaded, item)
		}
		out.ProfilesInstalled = append(out.ProfilesInstalled, res.Profiles...)
		for _, r := range res.Refused {
			var oe *service.ObjectError
			if errors.As(r, &oe) {
				line := a.verifyError(oe.Key, oe.Err)
				out.ProfilesRefused = append(out.ProfilesRefused, syncRefused{Key: oe.Key, Reason: strings.TrimPrefix(line, oe.Key+": ")})
			} else {
				out.ProfilesRefused = append(out.ProfilesRefused, syncRefused{Reason: service.Sentence(r)})
			}
		}
	}
	if err != nil {
		out.Error = service.BucketSentence(err)
	}
	return a.printJSON(out)
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
	if err := bucket.CheckEndpoint(cfg.Endpoint); err != nil {
		return cfg, a.fail(exitInvalid, "sync: %v", err) // not remembered
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
	if err != nil {
		return nil, a.openFailed(what, err)
	}
	return c, nil
}

// openFailed says why bucket.Open failed: the object store's kind of
// failure (exit 1) or a wrong --endpoint or region (exit 2).
func (a *app) openFailed(what string, err error) error {
	var be *bucket.Error
	if errors.As(err, &be) {
		return a.fail(exitFailure, "%s: %s", what, service.BucketSentence(err))
	}
	return a.fail(exitInvalid, "%s: %v", what, err)
}
