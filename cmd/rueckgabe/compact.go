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
			if after > before {
				// bbolt lays a new file out in steps (32 KB, 64 KB, 128 KB, …):
				// a small store's copy may be the larger file
				a.say(a.stdout, "compacted: %d → %d bytes (eine kleine Speicherdatei wird in festen Stufen angelegt; nichts verloren / a small store file is laid out in fixed steps; nothing lost)", before, after)
				return nil
			}
			a.say(a.stdout, "compacted: %d → %d bytes", before, after)
			return nil
		},
	}
}
