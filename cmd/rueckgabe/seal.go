package main

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

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
