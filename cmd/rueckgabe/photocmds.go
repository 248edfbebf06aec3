package main

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/progress"
	"rueckgabe/photo"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
)

func (a *app) attachCmd() *cobra.Command {
	var finding int
	cmd := &cobra.Command{
		Use:   "attach ID [--finding N] FILE...",
		Short: "Fotos (JPEG, PNG) an ein Protokoll oder einen Befund hängen: kopiert, mit SHA-256 versiegelt",
		Long: `attach kopiert Fotos in das Datenverzeichnis (unter ihrem SHA-256, unveränderlich)
und hängt sie an den Entwurf ID: mit --finding N an den N-ten Befund (gezählt ab 1),
sonst an das Protokoll selbst (Übersicht, Kilometerstand, Typenschild). Eine Zeile je
Foto: "attached <SHA-256-Anfang> DATEI". Ist eine Datei kein JPEG oder PNG (HEIC:
als JPEG exportieren) oder größer als 25 MB, wird keines angehängt (Exit-Status 2).
Ein versiegeltes Protokoll nimmt keine Fotos mehr; sein Nachtrag (rueckgabe amend) schon.
Muster wie IMG_04*.JPG erweitert rueckgabe selbst (cmd.exe und PowerShell tun es nicht).`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			if finding < 0 {
				return a.fail(exitInvalid, "--finding: %d is not a finding number (count from 1)", finding)
			}
			names, err := a.expand(args[1:])
			if err != nil {
				return err
			}
			prog := progress.None
			if len(names) > 1 {
				prog = a.progress("attach")
			}
			files, errs := service.ReadPhotoFiles(names, prog)
			prog.Done()
			if len(errs) > 0 {
				for _, err := range errs {
					a.say(a.stderr, "%s", photoError(err))
				}
				return a.fail(exitInvalid, "nichts angehängt / nothing attached: %d of %d files cannot be attached", len(errs), len(names))
			}
			return a.withStore(func(s *store.Store, cfg config) error {
				added, voided, err := service.Attach(s, args[0], finding-1, files, cfg.Inspector)
				switch {
				case errors.Is(err, store.ErrNotFound):
					return a.fail(exitInvalid, "%s: kein solches Protokoll / no such protocol", args[0])
				case errors.Is(err, service.ErrNoSuchFinding):
					return a.fail(exitInvalid, "%s: --finding %v", args[0], err)
				case errors.Is(err, store.ErrSealed):
					return a.fail(exitInvalid, "%s: %s", args[0], service.Sentence(err))
				case err != nil:
					return a.fail(exitFailure, "%s", service.Sentence(err))
				}
				for i, f := range files {
					verb := "attached"
					if !added[i] {
						verb = "unchanged"
					}
					a.say(a.stdout, "%s %s %s", verb, inspection.ShortHash(f.Photo.SHA256), f.Path)
				}
				sayVoided(a, voided)
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&finding, "finding", 0, "an den N-ten Befund hängen (ab 1; ohne: an das Protokoll selbst)")
	return cmd
}

func (a *app) detachCmd() *cobra.Command {
	var finding int
	cmd := &cobra.Command{
		Use:   "detach ID [--finding N] SHA256-ANFANG",
		Short: "ein angehängtes Foto wieder vom Entwurf nehmen (die Datei bleibt gespeichert)",
		Long: `detach nimmt das Foto, dessen SHA-256 so beginnt (mindestens 8 Stellen, wie attach sie
ausgibt), vom N-ten Befund (--finding N, ab 1) oder vom Protokoll selbst. Nur Entwürfe;
die Fotodatei im Datenverzeichnis bleibt (gespeicherte Fotos werden nie geändert).`,
		Args: cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			return a.withStore(func(s *store.Store, cfg config) error {
				ph, voided, err := service.Detach(s, args[0], finding-1, args[1], cfg.Inspector)
				switch {
				case errors.Is(err, store.ErrNotFound):
					return a.fail(exitInvalid, "%s: kein solches Protokoll / no such protocol", args[0])
				case errors.Is(err, service.ErrNoSuchFinding), errors.Is(err, service.ErrNoSuchPhoto):
					return a.fail(exitInvalid, "%s: %v", args[0], err)
				case errors.Is(err, store.ErrSealed):
					return a.fail(exitInvalid, "%s: %s", args[0], service.Sentence(err))
				case err != nil:
					return a.fail(exitFailure, "%s", service.Sentence(err))
				}
				a.say(a.stdout, "detached %s %s", inspection.ShortHash(ph.SHA256), ph.Name)
				sayVoided(a, voided)
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&finding, "finding", 0, "vom N-ten Befund (ab 1; ohne: vom Protokoll selbst)")
	return cmd
}

// photoError words why one file cannot be attached.
func photoError(err error) string {
	var fe *service.FileError
	if errors.As(err, &fe) && photo.IsRefused(fe.Err) {
		return fe.Path + ": " + fe.Err.Error()
	}
	if errors.As(err, &fe) {
		return fe.Path + ": cannot read: " + unwrapPath(fe.Err).Error()
	}
	return err.Error()
}

// exportArchive writes a sealed protocol's archive (bundle, PDF, photos) to
// a file, streamed and atomically, or with -o - to standard output when that
// is not a terminal.
func (a *app) exportArchive(s *store.Store, rec *store.Record, rules *catalog.Rules, out string) error {
	if out == "" {
		return a.fail(exitInvalid, "--format archive needs -o FILE.zip, or -o - into a pipe (a zip is not for the terminal)")
	}
	var err error
	if out == "-" { // into a pipe: a photo found damaged midway leaves the stream short, and the exit status says so
		w, werr := a.binaryStdout("--format archive -o -")
		if werr != nil {
			return werr
		}
		err = service.WriteArchive(w, s, rec, rules)
	} else {
		if err := checkOutputFile(out); err != nil {
			return a.fail(exitInvalid, "rueckgabe: %v", err)
		}
		err = atomicfile.Write(out, func(w io.Writer) error { return service.WriteArchive(w, s, rec, rules) })
	}
	var pe *store.PhotoError
	switch {
	case errors.As(err, &pe):
		return a.fail(exitFailure, "%s: %v: the archive was not written (rueckgabe check)", rec.ID, pe)
	case err != nil:
		return a.fail(exitInvalid, "%s", service.Sentence(err))
	}
	return nil
}

// verifyArchive checks an archive: the bundle as verify checks one, then
// every photo's bytes against the hash the seal covers.
func verifyArchive(name string, keys []ed25519.PublicKey, rules *catalog.Rules) verdict {
	ar, err := service.OpenArchiveFile(name)
	var pe *os.PathError
	if errors.As(err, &pe) {
		return verdict{line: fmt.Sprintf("%s: cannot read: %v", name, unwrapPath(err)), err: err}
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
	return verdict{line: fmt.Sprintf("%s: valid, sealed %s by key %s, hash %s, %d photos intact",
		name, b.Seal.SealedAt, b.Seal.KeyID, b.Seal.Hash, len(p.AllPhotos())), proto: p}
}

// importArchive verifies an archive with its photos, stores the photos and
// then the sealed protocol (as importBundle does): nothing of an archive
// that fails is stored as sealed.
func (a *app) importArchive(s *store.Store, name string, by string, rules *catalog.Rules, trusted []ed25519.PublicKey) int {
	ar, err := service.OpenArchiveFile(name)
	if err != nil {
		a.say(a.stderr, "%s", a.verifyError(name, unwrapPath(err)))
		return exitFailure
	}
	defer ar.Close()
	_, p, err := ar.Verify(trusted, rules)
	if err != nil {
		a.say(a.stderr, "%s", a.verifyError(name, err))
		return exitFailure
	}
	if err := service.StoreArchivePhotos(s.Photos(), ar, p); err != nil {
		a.say(a.stderr, "%s: %s", name, service.Sentence(err))
		return exitFailure
	}
	return a.importBundle(s, name, ar.Bundle, by, trusted)
}

// isZip reports whether the named file starts like a zip.
func isZip(name string) bool {
	if name == "-" {
		return false
	}
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	return service.IsArchive(head[:n])
}

// sayVoided names on stderr each signature an edit took off, and why.
func sayVoided(a *app, voided []inspection.Voided) {
	for _, v := range voided {
		a.say(a.stderr, "%s", v.Notice())
	}
}
