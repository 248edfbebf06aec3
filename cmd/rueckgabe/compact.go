package main

import (
	"github.com/spf13/cobra"

	"rueckgabe/service"
	"rueckgabe/store"
)

func (a *app) compactCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "compact",
		Short: "Speicherdatei verdichten (freie Seiten entfernen)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			dir, err := a.dir()
			if err != nil {
				return err
			}
			before, after, err := store.Compact(dir, store.Options{})
			if err != nil {
				return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
			}
			a.say(a.stdout, "compacted: %d → %d bytes", before, after)
			return nil
		},
	}
}
