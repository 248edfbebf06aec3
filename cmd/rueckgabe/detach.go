package main

import (
	"errors"

	"github.com/spf13/cobra"

	"rueckgabe/inspection"
	"rueckgabe/service"
	"rueckgabe/store"
)

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
