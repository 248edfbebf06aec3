package main

import (
	"context"
	"path/filepath"

	"github.com/spf13/cobra"

	"rueckgabe/bucket"
	"rueckgabe/catalog"
	"rueckgabe/service"
)

func (a *app) publishCmd() *cobra.Command {
	var to, endpoint string
	cmd := &cobra.Command{
		Use:   "publish --to s3://BUCKET/PREFIX [--endpoint URL]",
		Short: "Backoffice: eigene Leasinggeber-Profile (profiles/*.json) signiert für die Geräte veröffentlichen",
		Long: `publish lädt jedes Profil aus profiles/*.json dieses Datenverzeichnisses nach
PREFIX/config/profiles/<id@version>.json, mit einer Signatur des Geräteschlüssels (.sig).
Geräte, die diesem Schlüssel als publisher vertrauen (rueckgabe trust add KEY.pem --role
publisher), übernehmen neue Versionen beim nächsten sync; eine Version, die ein Gerät schon
hat, wird nie ersetzt. Ein Schlüssel, dem nur als device vertraut wird, darf keine Profile
veröffentlichen (docs/security.md).`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			loc, err := bucket.ParseLocation(to)
			if err != nil {
				return a.fail(exitInvalid, "publish: --to: %v", err)
			}
			c, err := a.openBucket("publish", endpoint, loc)
			if err != nil {
				return err
			}
			dir, err := a.dir()
			if err != nil {
				return err
			}
			key, err := a.unlockKey(dir)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), service.SyncTimeout)
			defer cancel()
			prog := a.progress("publish")
			refs, err := service.PublishProfiles(ctx, c, dir, key, prog)
			prog.Done()
			for _, r := range refs {
				a.say(a.stdout, "published %s (key %s)", r, key.ID)
			}
			if err != nil {
				return a.fail(exitFailure, "publish: %s", service.BucketSentence(err))
			}
			if len(refs) == 0 {
				a.say(a.stdout, "keine eigenen Profile in %s / no profiles to publish", filepath.Join(dir, catalog.ProfileDir))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "Ziel s3://BUCKET/PREFIX (wie beim sync der Geräte)")
	cmd.Flags().StringVar(&endpoint, "endpoint", "", "S3-Endpunkt (Standard: AWS)")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}
