package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"rueckgabe/seal"
	"rueckgabe/service"
)

func (a *app) deviceCmd() *cobra.Command {
	var inspector, dealership string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "device [--inspector NAME] [--dealership NAME] [--json]",
		Short: "Prüfer und Autohaus dieses Geräts anzeigen oder setzen (stehen in jedem neuen Protokoll)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.device(cmd.Flags().Changed("inspector"), inspector, cmd.Flags().Changed("dealership"), dealership, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "als JSON (inspector, dealership, key_id)")
	cmd.Flags().StringVar(&inspector, "inspector", "", "Vor- und Nachname des Prüfers")
	cmd.Flags().StringVar(&dealership, "dealership", "", "Name und Ort des Autohauses")
	return cmd
}

func (a *app) device(setInspector bool, inspector string, setDealership bool, dealership string, asJSON bool) error {
	dir, err := a.dir()
	if err != nil {
		return err
	}
	d, err := service.LoadDevice(dir)
	if err != nil && !setInspector {
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	if setInspector {
		if len([]rune(inspector)) < 3 {
			return a.fail(exitInvalid, "rueckgabe device: --inspector needs the inspector's full name")
		}
		d.Inspector = inspector
	}
	if setDealership {
		d.Dealership = dealership
	}
	if setInspector || setDealership {
		if err := service.SaveDevice(dir, d); err != nil {
			return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
		}
	}
	if asJSON {
		out := struct {
			Inspector  string `json:"inspector"`
			Dealership string `json:"dealership"`
			KeyID      string `json:"key_id,omitempty"` // this device's key, once it has one
		}{Inspector: d.Inspector, Dealership: d.Dealership}
		if key, err := seal.LoadPublic(dir); err == nil && key != nil {
			out.KeyID = key.ID
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return a.fail(exitFailure, "rueckgabe device: %v", err)
		}
		return a.writeJSON("", append(b, '\n'))
	}
	a.say(a.stdout, "Prüfer: %s", orDash(d.Inspector))
	a.say(a.stdout, "Autohaus: %s", orDash(d.Dealership))
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
