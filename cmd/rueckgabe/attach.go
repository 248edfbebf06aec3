package main

import (
	"errors"

	"github.com/spf13/cobra"

	"rueckgabe/inspection"
	"rueckgabe/internal/progress"
	"rueckgabe/photo"
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
