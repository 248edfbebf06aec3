package main

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"rueckgabe/inspection"
	"rueckgabe/seal"
	"rueckgabe/store"
)

func (a *app) sealCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "seal ID",
		Short: "vollständiges Protokoll versiegeln (signieren, unveränderlich machen)",
		Long: `seal versiegelt ein vollständiges Protokoll: kanonisches JSON (RFC 8785), SHA-256,
Ed25519-Signatur mit dem Geräteschlüssel, verkettet mit dem vorigen Siegel dieses Geräts.
Fehlt etwas, nennt es jede Lücke in einer eigenen Zeile (Exit-Status 2).`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			rules, err := a.rules()
			if err != nil {
				return err
			}
			return a.withStore(func(s *store.Store, cfg config) error {
				rec, sl, err := seal.SealProtocol(s, rules, args[0], store.AnyRevision, cfg.Inspector, time.Now())
				if missing, ok := seal.IsIncomplete(err); ok {
					for _, m := range missing {
						a.say(a.stderr, "%s", args[0]+": "+m)
					}
					return exitError{exitInvalid}
				}
				if errors.Is(err, store.ErrNotFound) {
					return a.fail(exitInvalid, "%s: kein solches Protokoll / no such protocol", args[0])
				}
				if err != nil {
					return err
				}
				a.say(a.stdout, "sealed %s %s (key %s)", rec.ID, sl.Hash, sl.KeyID)
				return nil
			})
		},
	}
}

// exportOne writes one protocol in a format; bundle and pdf need a sealed one
// (pdf prints a draft with an ENTWURF mark).
func (a *app) exportOne(s *store.Store, id, format, out string) error {
	rules, err := a.rules()
	if err != nil {
		return err
	}
	rec, p, err := s.Get(id)
	if errors.Is(err, store.ErrNotFound) {
		return a.fail(exitInvalid, "%s: kein solches Protokoll / no such protocol (see 'rueckgabe list')", id)
	}
	if err != nil {
		return err
	}
	var data []byte
	switch format {
	case "json":
		doc, err := inspection.Encode(p)
		if err != nil {
			return err
		}
		return a.writeJSON(out, append(doc, '\n'))
	case "bundle":
		// escaped characters keep the bundle valid: verify hashes the
		// canonical form, which decodes them
		if data, _, err = seal.BundleOf(rec, rules); err != nil {
			return a.fail(exitInvalid, "%v", err)
		}
		return a.writeJSON(out, data)
	case "pdf":
		if data, err = a.pdf(rec, p); err != nil {
			return err
		}
	default:
		return a.fail(exitInvalid, "--format: %q is not a format (use json, bundle or pdf)", format)
	}
	return a.writeOutput(out, data)
}

// exportPending writes a bundle and a PDF for every sealed protocol not yet
// exported, and marks each exported only after both files are durably written.
func (a *app) exportPending(s *store.Store, dir string, by string) error {
	if dir == "" {
		return a.fail(exitInvalid, "--pending needs -o DIR (the directory for the bundles)")
	}
	rules, err := a.rules()
	if err != nil {
		return err
	}
	done, failed, err := seal.ExportPending(s, rules, dir, by, a.pdf)
	for _, id := range done {
		a.say(a.stdout, "exported %s", id)
	}
	if err != nil {
		return err
	}
	for _, f := range failed {
		a.say(a.stderr, "not exported %v", f)
	}
	if len(failed) > 0 {
		return a.fail(exitFailure, "%d exported, %d not: they stay pending (see 'rueckgabe check')", len(done), len(failed))
	}
	if len(done) == 0 {
		a.say(a.stdout, "%s", "nichts zu exportieren / nothing pending")
	}
	return nil
}

func (a *app) verifyCmd() *cobra.Command {
	var trust []string
	cmd := &cobra.Command{
		Use:   "verify FILE",
		Short: "Bündel prüfen: unverändert und gültig signiert (Exit 0), sonst Exit 1 mit Grund",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			keys, err := a.trustedKeys(trust)
			if err != nil {
				return err
			}
			data, err := a.readInput(args[0])
			if err != nil {
				return err
			}
			b, err := seal.Verify(data, keys)
			if err != nil {
				return a.fail(exitFailure, "%s", verifyError(args[0], err))
			}
			a.say(a.stdout, "%s: valid, sealed %s by key %s, hash %s", args[0], b.Seal.SealedAt, b.Seal.KeyID, b.Seal.Hash)
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&trust, "trust", nil, "diesem öffentlichen Schlüssel (PEM-Datei) zusätzlich zur Vertrauensliste vertrauen; mehrfach möglich")
	return cmd
}

func (a *app) keyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "key",
		Short: "öffentlichen Geräteschlüssel ausgeben (für verify --trust im Backoffice)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			dir, err := a.dir()
			if err != nil {
				return err
			}
			k, err := seal.LoadOrCreateKey(dir)
			if err != nil {
				return a.fail(exitFailure, "rueckgabe: %v", err)
			}
			pemBytes, err := k.PublicPEM()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "# key id %s\n%s", k.ID, pemBytes)
			return nil
		},
	}
}

// importBundle verifies a bundle first, then stores its protocol as sealed;
// the same id and hash again is nothing to do; a different one is refused.
func (a *app) importBundle(s *store.Store, name string, data []byte, by string, trusted []ed25519.PublicKey) int {
	b, err := seal.Verify(data, trusted)
	if err != nil {
		// an untrusted bundle is not stored at all: it must never be listed
		// as sealed nor hold its id against the genuine one
		a.say(a.stderr, "%s", verifyError(name, err))
		return exitFailure
	}
	rules, _ := a.rules()
	p, probs := inspection.Decode(b.Protocol, rules)
	if len(probs) > 0 {
		for _, pr := range probs {
			a.say(a.stderr, "%s: protocol.%s", name, pr)
		}
		return exitInvalid
	}
	res, rec, err := s.ImportSealed(p, []byte(mustJSON(b.Seal)), b.Seal.Hash, by)
	switch {
	case err != nil:
		a.say(a.stderr, "%s: %v", name, err)
		return exitFailure
	case res == store.Unchanged:
		a.say(a.stdout, "unchanged %s", rec.ID)
	default:
		a.say(a.stdout, "imported %s (sealed)", rec.ID)
	}
	return exitOK
}

func (a *app) amendCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "amend ID",
		Short: "Nachtrag zu einem versiegelten Protokoll anlegen (neuer Entwurf, das Original bleibt)",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.withStore(func(s *store.Store, cfg config) error {
				rec, err := s.Amend(args[0], cfg.Inspector)
				if errors.Is(err, store.ErrNotFound) {
					return a.fail(exitInvalid, "%s: kein solches Protokoll / no such protocol", args[0])
				}
				if err != nil {
					return a.fail(exitInvalid, "%v", err)
				}
				a.say(a.stdout, "amendment %s of %s (sealed hash %s)", rec.ID, rec.Amends, rec.AmendsHash)
				return nil
			})
		},
	}
}
