package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"rueckgabe/service"
	"rueckgabe/store"
)

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
