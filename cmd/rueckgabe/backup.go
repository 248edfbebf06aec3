package main

import (
	"github.com/spf13/cobra"

	"rueckgabe/store"
)

func (a *app) backupCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE|-",
		Short: "Konsistente Kopie des Speichers schreiben (auch während der Arbeit); - schreibt sie auf die Standardausgabe",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if args[0] == "-" {
				w, err := a.binaryStdout("backup -")
				if err != nil {
					return err
				}
				return a.readStore(func(s *store.Store, _ config) error { return s.WriteBackup(w) })
			}
			if err := a.checkOutputAs("backup", args[0]); err != nil {
				return err
			}
			return a.readStore(func(s *store.Store, _ config) error {
				if err := s.Backup(args[0]); err != nil {
					return a.outputFailedAs("backup", args[0], err)
				}
				a.say(a.stdout, "backup written to %s", args[0])
				return nil
			})
		},
	}
}
