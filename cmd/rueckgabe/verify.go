package main

import (
	"bufio"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/parallel"
	"rueckgabe/internal/progress"
	"rueckgabe/internal/textfile"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/textsafe"
)

func (a *app) verifyCmd() *cobra.Command {
	var trust, baselines []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify FILE|DIR... [--baseline FILE] [--json]",
		Short: "Bündel prüfen: unverändert und von einem vertrauenswürdigen Schlüssel signiert (Exit 0), sonst Exit 1 mit Grund",
		Long: `verify prüft Bündel: jede Datei, und in jedem Verzeichnis jede *.bundle.json
(ohne Unterverzeichnisse), in einem Lauf. Eine Zeile je Bündel; bei mehreren am Ende
die Zahlen. Exit 0 nur, wenn jedes gültig und von einem vertrauenswürdigen Schlüssel
signiert ist (rueckgabe trust add, oder --trust).

Ein Rücknahmeprotokoll mit Ausgangslage (baseline) wird gegen sein Übergabeprotokoll
geprüft, wenn es vorliegt: mit --baseline DATEI (Archiv oder Bündel), oder als ID.zip
bzw. ID.bundle.json im selben Verzeichnis. Sonst sagt die Zeile "baseline … not checked".

--json: ein JSON-Dokument mit einem Eintrag je Bündel (file, valid, verdict, id, key_id,
sealed_at, hash, photos, baseline, reason) und den Zahlen; Exit-Status wie ohne.`,
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
			defer stdin.remove()
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
			items := make([]verifyItem, 0, len(verdicts))
			for i, v := range verdicts {
				if v.err != nil {
					bad++
					if _, revoked := a.trust.Explain(v.err).(*seal.RevokedError); revoked {
						v.line = a.verifyError(files[i], v.err)
					}
				}
				if asJSON {
					items = append(items, a.verifyJSON(files[i], v))
					continue
				}
				a.say(v.w(a), "%s", v.line)
			}
			if asJSON {
				if err := a.printJSON(verifyResult{Valid: len(files) - bad, NotValid: bad, Bundles: items}); err != nil {
					return err
				}
			} else if len(files) > 1 {
				a.say(a.stdout, "%d valid, %d not valid", len(files)-bad, bad)
			}
			if bad > 0 {
				return exitError{exitFailure}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&trust, "trust", nil, "diesem öffentlichen Schlüssel (PEM-Datei) zusätzlich zur Vertrauensliste vertrauen; mehrfach möglich")
	cmd.Flags().BoolVar(&asJSON, "json", false, "als JSON: valid, not_valid, bundles (file, valid, verdict, id, key_id, sealed_at, hash, photos, baseline, reason)")
	cmd.Flags().StringArrayVar(&baselines, "baseline", nil, "Übergabeprotokoll (Archiv .zip oder Bündel), gegen das die Ausgangslage eines Rücknahmeprotokolls geprüft wird; mehrfach möglich")
	return cmd
}

// verdict is one bundle's result, printed in the order of the files.
type verdict struct {
	line       string
	err        error
	proto      *inspection.Protocol // the verified protocol (its baseline is checked after)
	seal       *seal.Seal           // the valid bundle's seal
	photos     *int                 // an archive's photos, each checked
	unreadable bool                 // the file could not be read at all
	baseline   *verifyBaseline      // a return's baseline: checked or not
}

// verifyResult is verify --json: one item per bundle, in the order of the
// files, and the counts.
type verifyResult struct {
	Valid    int          `json:"valid"`
	NotValid int          `json:"not_valid"`
	Bundles  []verifyItem `json:"bundles"`
}

// verifyItem is one bundle's verdict: valid, not_valid, not_trusted,
// not_trusted_to_publish, revoked or unreadable, and the English reason the
// human line gives.
type verifyItem struct {
	File     string          `json:"file"`
	Valid    bool            `json:"valid"`
	Verdict  string          `json:"verdict"`
	ID       string          `json:"id,omitempty"`
	KeyID    string          `json:"key_id,omitempty"`
	SealedAt string          `json:"sealed_at,omitempty"`
	Hash     string          `json:"hash,omitempty"`
	Photos   *int            `json:"photos,omitempty"`
	Baseline *verifyBaseline `json:"baseline,omitempty"`
	Reason   string          `json:"reason,omitempty"`
}

// verifyBaseline is what became of a return's baseline: checked (against
// the handover protocol in file), not_here (no archive of it at hand),
// does_not_match, or not_valid (its archive beside the return is not).
type verifyBaseline struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	File   string `json:"file,omitempty"`
}

// verifyJSON is a verdict as verify --json gives it.
func (a *app) verifyJSON(file string, v verdict) verifyItem {
	it := verifyItem{File: file, Valid: v.err == nil, Verdict: "valid", Photos: v.photos, Baseline: v.baseline}
	if v.proto != nil {
		it.ID = v.proto.ID
	}
	if v.seal != nil {
		it.KeyID, it.SealedAt, it.Hash = v.seal.KeyID, v.seal.SealedAt, v.seal.Hash
	}
	if v.err == nil {
		return it
	}
	it.Reason = strings.TrimPrefix(v.line, file+": ") // every line starts with the file's name
	err := v.err
	if a.trust != nil {
		err = a.trust.Explain(err)
	}
	var revoked *seal.RevokedError
	var notPublisher *seal.NotPublisherError
	var untrusted *seal.UntrustedError
	switch {
	case v.unreadable:
		it.Verdict = "unreadable"
	case errors.As(err, &revoked):
		it.Verdict, it.KeyID = "revoked", revoked.Key.KeyID
	case errors.As(err, &notPublisher):
		it.Verdict, it.KeyID = "not_trusted_to_publish", notPublisher.KeyID
	case errors.As(err, &untrusted):
		it.Verdict, it.KeyID = "not_trusted", untrusted.KeyID
	default:
		it.Verdict = "not_valid"
	}
	return it
}

func (v verdict) w(a *app) io.Writer {
	if v.err != nil {
		return a.stderr
	}
	return a.stdout
}

// verifyAll checks bundles on every core and returns the verdicts in the
// order of files: a chunk of files at a time, each bundle checked but for
// its signature's Ed25519 verification (seal.CheckPending), then the
// chunk's signatures verified together (seal.VerifyBatch: the same answers,
// half the cost), then each verdict made as one by one. An archive is
// checked whole on its own (its photos are what costs).
func verifyAll(files []string, keys []ed25519.PublicKey, stdin *stdinInput, rules *catalog.Rules, prog progress.Reporter) []verdict {
	out := make([]verdict, len(files))
	prog.Start(len(files))
	const chunk = 1024 // bundles held at once: about 35 MB
	for lo := 0; lo < len(files); lo += chunk {
		hi := min(lo+chunk, len(files))
		pending := make([]*pendingFile, hi-lo)
		parallel.Each(hi-lo, func(i int) {
			pending[i] = checkFile(files[lo+i], keys, stdin, rules)
		})
		items := make([]seal.BatchItem, len(pending))
		for i, pf := range pending {
			if pf.check != nil {
				items[i] = pf.check.Item
			}
		}
		verified := seal.VerifyBatch(items)
		for i, pf := range pending {
			out[lo+i] = pf.verdict(verified[i], keys)
			prog.Step(filepath.Base(files[lo+i])) // the path is cut on a narrow terminal
		}
	}
	return out
}

// pendingFile is a file checked as far as its bundle's signature: done
// holds the verdict already when there is nothing left to verify.
type pendingFile struct {
	name  string
	rules *catalog.Rules
	done  *verdict
	check *seal.Pending
	p     *inspection.Protocol
	err   error // CheckValuationOf's, decided once the signature verified
}

func checkFile(name string, keys []ed25519.PublicKey, stdin *stdinInput, rules *catalog.Rules) *pendingFile {
	pf := &pendingFile{name: name, rules: rules}
	if isZip(name) {
		v := verifyArchive(name, name, keys, rules)
		pf.done = &v
		return pf
	}
	if name == "-" && stdin != nil && stdin.archive != "" {
		v := verifyArchive(name, stdin.archive, keys, rules)
		pf.done = &v
		return pf
	}
	var data []byte
	var err error
	if stdin != nil {
		data = stdin.data
	}
	if name != "-" {
		data, err = readBundle(name)
	}
	if err != nil {
		pf.done = &verdict{line: fmt.Sprintf("%s: cannot read: %v", name, unwrapPath(err)), err: err, unreadable: true}
		return pf
	}
	pf.check = seal.CheckPending(data)
	if b, pub, err := pf.check.Result(true); err == nil {
		if _, err := seal.Trusted(b, pub, keys); err == nil {
			pf.p, pf.err = service.CheckValuationOf(b, rules)
		}
	}
	return pf
}

// verdict is what verify says of the file once its signature is known to
// verify or not: what checking it one by one says.
func (pf *pendingFile) verdict(verified bool, keys []ed25519.PublicKey) verdict {
	if pf.done != nil {
		return *pf.done
	}
	b, pub, err := pf.check.Result(verified)
	if err == nil {
		b, err = seal.Trusted(b, pub, keys)
	}
	p := pf.p
	if err == nil {
		err = pf.err
	}
	if err != nil {
		return verdict{line: verifyError(pf.name, err), err: err}
	}
	if p == nil { // a bundle of version 1: nothing decoded it yet
		p, _ = inspection.DecodeDraft(b.Protocol, pf.rules)
	}
	return verdict{line: fmt.Sprintf("%s: valid, sealed %s by key %s, hash %s", pf.name, b.Seal.SealedAt, b.Seal.KeyID, b.Seal.Hash), proto: p, seal: &b.Seal}
}

// stdinInput is standard input as verify reads it: a bundle's bytes, or
// an archive (zip) put into a temporary file, which an archive is read
// from (its photos may be hundreds of megabytes: never held in memory).
type stdinInput struct {
	data    []byte
	archive string
}

func (in *stdinInput) remove() {
	if in != nil && in.archive != "" {
		os.Remove(in.archive)
	}
}

// stdinIfNamed reads standard input when "-" is one of the files.
func (a *app) stdinIfNamed(files []string) (*stdinInput, error) {
	if !slices.Contains(files, "-") {
		return nil, nil
	}
	r := bufio.NewReader(a.stdin)
	head, _ := r.Peek(4)
	if !service.IsArchive(head) {
		a.stdin = r
		data, err := a.readInput("-")
		return &stdinInput{data: data}, err
	}
	f, err := os.CreateTemp("", "rueckgabe-verify-*.zip")
	if err != nil {
		return nil, a.fail(exitFailure, "-: %v", err)
	}
	n, err := io.Copy(f, io.LimitReader(r, service.DefaultInboxMaxSize+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	in := &stdinInput{archive: f.Name()}
	switch {
	case err != nil:
		in.remove()
		return nil, a.fail(exitFailure, "-: cannot read: %v", err)
	case n > service.DefaultInboxMaxSize:
		in.remove()
		return nil, a.fail(exitInvalid, "-: Archiv größer als / archive larger than %d MiB", service.DefaultInboxMaxSize>>20)
	}
	return in, nil
}

// readBundle reads a bundle file, bounded like any protocol.
func readBundle(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := textfile.ReadAllSized(f, 2*(inspection.MaxProtocolBytes+1))
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

// verifyArchive checks an archive: the bundle as verify checks one, then
// every photo's bytes against the hash the seal covers.
func verifyArchive(name, path string, keys []ed25519.PublicKey, rules *catalog.Rules) verdict {
	ar, err := service.OpenArchiveFile(path)
	var pe *os.PathError
	if errors.As(err, &pe) {
		return verdict{line: fmt.Sprintf("%s: cannot read: %v", name, unwrapPath(err)), err: err, unreadable: true}
	}
	if err == nil {
		defer ar.Close()
	}
	var b *seal.Bundle
	var p *inspection.Protocol
	if err == nil {
		b, p, err = ar.Verify(keys, rules)
	}
	if err != nil {
		return verdict{line: verifyError(name, err), err: err}
	}
	photos := len(p.AllPhotos())
	return verdict{line: fmt.Sprintf("%s: valid, sealed %s by key %s, hash %s, %d photos intact",
		name, b.Seal.SealedAt, b.Seal.KeyID, b.Seal.Hash, photos), proto: p, seal: &b.Seal, photos: &photos}
}

// verifyError words why a bundle was refused; an untrusted key gets the
// command that would trust it, a revoked one says since when.
func (a *app) verifyError(name string, err error) string {
	if a.trust != nil {
		err = a.trust.Explain(err)
	}
	var revoked *seal.RevokedError
	if errors.As(err, &revoked) {
		return fmt.Sprintf("%s: REVOKED: %v; only archives the object store recorded before then are accepted, through 'rueckgabe inbox'", name, revoked)
	}
	return verifyError(name, err)
}

func verifyError(name string, err error) string {
	var notPublisher *seal.NotPublisherError
	if errors.As(err, &notPublisher) {
		return fmt.Sprintf("%s: NOT TRUSTED TO PUBLISH: signed by key %s%s, which is trusted here as a device (its seals), not as a publisher "+
			"of profiles; if it is your back office's key, trust it with 'rueckgabe trust add KEY.pem --role publisher'",
			name, notPublisher.KeyID, nameSuffix(textsafe.Line(notPublisher.Name)))
	}
	var untrusted *seal.UntrustedError
	if errors.As(err, &untrusted) {
		return fmt.Sprintf("%s: NOT TRUSTED: validly signed by key %s, which is not trusted here; if it is one of your devices, "+
			"trust it with 'rueckgabe trust add KEY.pem --name \"…\"' (KEY.pem from 'rueckgabe key' on that device)", name, untrusted.KeyID)
	}
	return fmt.Sprintf("%s: NOT VALID: %v", name, err)
}
