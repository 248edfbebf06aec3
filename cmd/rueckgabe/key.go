package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"rueckgabe/seal"
	"rueckgabe/service"
)

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
