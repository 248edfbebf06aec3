package main

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/progress"
	"rueckgabe/internal/textfile"
	"rueckgabe/report"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
)

// sealResult is seal --json: the seal made, or what is missing (exit 2).
type sealResult struct {
	ID      string     `json:"id"`
	Sealed  bool       `json:"sealed"`
	Seal    *seal.Seal `json:"seal,omitempty"`
	Missing []string   `json:"missing,omitempty"`
}

func (a *app) sealCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "seal ID [--json]",
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
				missing, err := service.SealMissing(s, rules, args[0])
				if err == nil && len(missing) > 0 {
					err = &seal.ErrIncomplete{Missing: missing}
				}
				var rec *store.Record
				var sl *seal.Seal
				if err == nil {
					var key *seal.DeviceKey
					if key, err = a.unlockKey(s.Dir()); err != nil {
						return err
					}
					rec, sl, err = service.SealProtocol(s, rules, key, args[0], store.AnyRevision, cfg.Inspector, time.Now())
				}
				if missing, ok := seal.IsIncomplete(err); ok {
					if asJSON {
						if err := a.printJSON(sealResult{ID: args[0], Missing: missing}); err != nil {
							return err
						}
					}
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
				if asJSON {
					return a.printJSON(sealResult{ID: rec.ID, Sealed: true, Seal: sl})
				}
				a.say(a.stdout, "sealed %s %s (key %s)", rec.ID, sl.Hash, sl.KeyID)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "als JSON: id, sealed, seal (hash, key_id, sealed_at, previous_hash, …) oder missing")
	return cmd
}

// exportOne writes one protocol in a format; bundle and pdf need a sealed one
// (pdf prints a draft with an ENTWURF mark).
func (a *app) exportOne(s *store.Store, id, format, out string) error {
	rules, err := a.rules()
	if err != nil {
		return err
	}
	rec, _, err := s.Get(id)
	if errors.Is(err, store.ErrNotFound) {
		return a.fail(exitInvalid, "%s: kein solches Protokoll / no such protocol (see 'rueckgabe list')", id)
	}
	if err != nil {
		return err
	}
	// a sealed protocol is given out only as sealed: never one that does
	// not match its seal any more
	p, err := service.OutputProtocol(rec, rules)
	if err != nil {
		return a.fail(exitFailure, "%s", service.Sentence(err))
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
		if data, _, err = service.BundleOf(rec, rules); err != nil {
			return a.fail(exitInvalid, "%s", service.Sentence(err))
		}
		return a.writeJSON(out, data)
	case "archive":
		return a.exportArchive(s, rec, rules, out)
	case "pdf":
		if data, err = a.pdf(rec, p); err != nil {
			return err
		}
		for _, w := range report.Unprintable(p) {
			a.say(a.stderr, "warning: %s: not in the PDF fonts, drawn as %c (the protocol keeps the original)", w, report.Replacement)
		}
	default:
		return a.fail(exitInvalid, "--format: %q is not a format (use json, bundle, pdf or archive)", format)
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
	prog := a.progress("export")
	done, failed, err := service.ExportPending(s, rules, dir, by, nil, prog)
	prog.Done()
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
	var trust, baselines []string
	cmd := &cobra.Command{
		Use:   "verify FILE|DIR... [--baseline FILE]",
		Short: "Bündel prüfen: unverändert und von einem vertrauenswürdigen Schlüssel signiert (Exit 0), sonst Exit 1 mit Grund",
		Long: `verify prüft Bündel: jede Datei, und in jedem Verzeichnis jede *.bundle.json
(ohne Unterverzeichnisse), in einem Lauf. Eine Zeile je Bündel; bei mehreren am Ende
die Zahlen. Exit 0 nur, wenn jedes gültig und von einem vertrauenswürdigen Schlüssel
signiert ist (rueckgabe trust add, oder --trust).

Ein Rücknahmeprotokoll mit Ausgangslage (baseline) wird gegen sein Übergabeprotokoll
geprüft, wenn es vorliegt: mit --baseline DATEI (Archiv oder Bündel), oder als ID.zip
bzw. ID.bundle.json im selben Verzeichnis. Sonst sagt die Zeile "baseline … not checked".`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			keys, err := a.trustedKeys(trust)
			if err != nil {
				return err
			}
			names, err := a.expand(args)
			if err != nil {
				return err
			}
			files, err := a.bundleFiles(names)
			if err != nil {
				return err
			}
			bad := 0
			stdin, err := a.stdinIfNamed(files)
			if err != nil {
				return err
			}
			rules, err := a.rules()
			if err != nil {
				return err
			}
			prog := progress.None
			if len(files) > 1 {
				prog = a.progress("verify")
			}
			verdicts := verifyAll(files, keys, stdin, rules, prog)
			prog.Done()
			pool, err := loadBaselines(baselines, keys, rules)
			if err != nil {
				return a.fail(exitFailure, "%v", err)
			}
			for i := range verdicts {
				verdicts[i] = checkBaseline(verdicts[i], files[i], pool, keys, rules)
			}
			for i, v := range verdicts {
				if v.err != nil {
					bad++
					if _, revoked := a.trust.Explain(v.err).(*seal.RevokedError); revoked {
						v.line = a.verifyError(files[i], v.err)
					}
				}
				a.say(v.w(a), "%s", v.line)
			}
			if len(files) > 1 {
				a.say(a.stdout, "%d valid, %d not valid", len(files)-bad, bad)
			}
			if bad > 0 {
				return exitError{exitFailure}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&trust, "trust", nil, "diesem öffentlichen Schlüssel (PEM-Datei) zusätzlich zur Vertrauensliste vertrauen; mehrfach möglich")
	cmd.Flags().StringArrayVar(&baselines, "baseline", nil, "Übergabeprotokoll (Archiv .zip oder Bündel), gegen das die Ausgangslage eines Rücknahmeprotokolls geprüft wird; mehrfach möglich")
	return cmd
}

// verdict is one bundle's result, printed in the order of the files.
type verdict struct {
	line  string
	err   error
	proto *inspection.Protocol // the verified protocol (its baseline is checked after)
}

func (v verdict) w(a *app) io.Writer {
	if v.err != nil {
		return a.stderr
	}
	return a.stdout
}

// verifyAll checks bundles on every core (Ed25519 verification is what
// costs) and returns the verdicts in the order of files.
func verifyAll(files []string, keys []ed25519.PublicKey, stdin []byte, rules *catalog.Rules, prog progress.Reporter) []verdict {
	out := make([]verdict, len(files))
	prog.Start(len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = verifyFile(files[i], keys, stdin, rules)
				prog.Step(filepath.Base(files[i])) // the path is cut on a narrow terminal
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func verifyFile(name string, keys []ed25519.PublicKey, stdin []byte, rules *catalog.Rules) verdict {
	if isZip(name) {
		return verifyArchive(name, keys, rules)
	}
	data, err := stdin, error(nil)
	if name != "-" {
		data, err = readBundle(name)
	}
	if err != nil {
		return verdict{line: fmt.Sprintf("%s: cannot read: %v", name, unwrapPath(err)), err: err}
	}
	b, err := seal.Verify(data, keys)
	if err == nil {
		err = service.CheckValuation(b, rules)
	}
	if err != nil {
		return verdict{line: verifyError(name, err), err: err}
	}
	p, _ := inspection.DecodeDraft(b.Protocol, rules)
	return verdict{line: fmt.Sprintf("%s: valid, sealed %s by key %s, hash %s", name, b.Seal.SealedAt, b.Seal.KeyID, b.Seal.Hash), proto: p}
}

// stdinIfNamed reads standard input when "-" is one of the files.
func (a *app) stdinIfNamed(files []string) ([]byte, error) {
	for _, f := range files {
		if f == "-" {
			return a.readInput("-")
		}
	}
	return nil, nil
}

// readBundle reads a bundle file, bounded like any protocol.
func readBundle(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 2*(inspection.MaxProtocolBytes+1)))
	if err != nil {
		return nil, err
	}
	return textfile.Decode(data)
}

// bundleFiles expands directories into their *.bundle.json files, sorted.
func (a *app) bundleFiles(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil || !st.IsDir() {
			files = append(files, arg) // a file, "-", or missing: verifyOne says so
			continue
		}
		matches, err := filepath.Glob(filepath.Join(arg, "*.bundle.json"))
		if err != nil {
			return nil, a.fail(exitInvalid, "%s: %v", arg, err)
		}
		if len(matches) == 0 { // a directory of archives only
			matches, _ = filepath.Glob(filepath.Join(arg, "*.zip"))
		}
		if len(matches) == 0 {
			return nil, a.fail(exitInvalid, "%s: no *.bundle.json or *.zip in this directory", arg)
		}
		files = append(files, matches...) // Glob sorts
	}
	return files, nil
}

func (a *app) keyCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "key [-o DATEI]",
		Short: "öffentlichen Geräteschlüssel ausgeben (für verify --trust im Backoffice)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			dir, err := a.dir()
			if err != nil {
				return err
			}
			// the public part needs no unlocking; only a device without a
			// key yet makes one (and protects it) here
			k, err := seal.LoadPublic(dir)
			if err != nil {
				return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
			}
			if k == nil {
				if k, err = a.unlockKey(dir); err != nil {
					return err
				}
			}
			pemBytes, err := k.PublicPEM()
			if err != nil {
				return err
			}
			text := fmt.Appendf(nil, "# key id %s\n%s", k.ID, pemBytes)
			if err := a.writeOutput(out, text); err != nil {
				if errors.As(err, new(exitError)) {
					return err // said already (-o names a directory or a device)
				}
				return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "in diese Datei schreiben (UTF-8; PowerShell 5.1s > schriebe UTF-16)")
	return cmd
}

// importBundle verifies a bundle first, then stores its protocol as sealed;
// the same id and hash again is nothing to do; a different one is refused.
func (a *app) importBundle(s *store.Store, name string, data []byte, by string, trusted []ed25519.PublicKey) int {
	rules, _ := a.rules()
	b, err := seal.Verify(data, trusted)
	if err == nil {
		err = service.CheckValuation(b, rules)
	}
	if err != nil {
		// an untrusted or altered bundle is not stored at all: it must never
		// be listed as sealed nor hold its id against the genuine one
		a.say(a.stderr, "%s", a.verifyError(name, err))
		return exitFailure
	}
	p, probs := inspection.Decode(b.Protocol, rules)
	if len(probs) > 0 {
		for _, pr := range probs {
			a.say(a.stderr, "%s: protocol.%s", name, pr)
		}
		return exitInvalid
	}
	prof, _, err := service.BundleProfile(b, rules)
	if err != nil {
		a.say(a.stderr, "%s: %s", name, service.Sentence(err))
		return exitFailure
	}
	res, rec, err := s.ImportSealed(p, prof, []byte(mustJSON(b.Seal)), b.Seal.Hash, by)
	switch {
	case err != nil:
		a.say(a.stderr, "%s: %s", name, service.Sentence(err))
		return importFailure(err)
	case res == store.Unchanged:
		a.say(a.stdout, "unchanged %s", rec.ID)
	default:
		a.say(a.stdout, "imported %s (sealed)", rec.ID)
	}
	return exitOK
}

func (a *app) amendCmd() *cobra.Command {
	var reason string
	cmd := &cobra.Command{
		Use:   "amend ID --reason TEXT",
		Short: "Nachtrag zu einem versiegelten Protokoll anlegen (neuer Entwurf, das Original bleibt)",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if strings.TrimSpace(reason) == "" {
				return a.fail(exitInvalid, "amend %s: --reason fehlt: ein Nachtrag sagt, was er berichtigt / an amendment needs --reason", args[0])
			}
			return a.withStore(func(s *store.Store, cfg config) error {
				rec, err := s.Amend(args[0], reason, cfg.Inspector)
				if errors.Is(err, store.ErrNotFound) {
					return a.fail(exitInvalid, "%s: kein solches Protokoll / no such protocol", args[0])
				}
				if err != nil {
					return a.fail(exitInvalid, "%s", service.Sentence(err))
				}
				a.say(a.stdout, "amendment %s of %s (sealed hash %s)", rec.ID, rec.Amends, rec.AmendsHash)
				a.say(a.stderr, "Nachtrag: die Unterschriften werden neu gegeben / the amendment is signed again")
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "was der Nachtrag berichtigt (steht im Protokoll und auf dem PDF)")
	return cmd
}
