package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/textsafe"
)

func (a *app) profilesCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "profiles",
		Short: "Leasinggeber-Profile auflisten (id@version, Titel); check FILE prüft eine Profildatei",
		Long: `profiles listet die Profile, nach denen Protokolle bewertet werden: die eingebauten
(bmw-fs-de, leasing-at) und die eigenen Dateien des Autohauses in <Datenverzeichnis>/profiles/*.json.
Eine Datei, die nicht gültig ist, wird nicht geladen; jedes ihrer Probleme steht auf stderr.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return a.profilesList(asJSON) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "als JSON (id, version, ref, title, hash, vat_percent, damages_taxable)")
	check := &cobra.Command{
		Use:   "check FILE",
		Short: "eine Profil- oder Umrissdatei prüfen: jedes Problem mit seinem JSON-Pfad, Exit-Status 2",
		Args:  cobra.ExactArgs(1),
		RunE:  func(_ *cobra.Command, args []string) error { return a.profilesCheck(args[0]) },
	}
	cmd.AddCommand(check)
	return cmd
}

type profileItem struct {
	Ref            string `json:"ref"`
	ID             string `json:"id"`
	Version        string `json:"version"`
	Title          string `json:"title"`
	Hash           string `json:"hash"`
	Catalogue      string `json:"catalogue"`
	VATPercent     string `json:"vat_percent"`
	DamagesTaxable bool   `json:"damages_taxable"`
	Default        bool   `json:"default"`
}

func (a *app) profilesList(asJSON bool) error {
	reg, err := a.registry()
	if err != nil {
		return err
	}
	var items []profileItem
	for _, r := range reg.List() {
		items = append(items, profileItem{Ref: r.Ref(), ID: r.ID, Version: r.Version, Title: r.Title, Hash: r.Hash,
			Catalogue: r.Catalogue.Ref(), VATPercent: r.VATPercent.String(), DamagesTaxable: r.DamagesTaxable, Default: r == reg.Default()})
	}
	for _, pr := range reg.Refused {
		a.say(a.stderr, "not loaded: %s", pr.String())
	}
	if asJSON {
		b, err := json.MarshalIndent(items, "", "  ")
		if err != nil {
			return a.fail(exitFailure, "rueckgabe profiles: %v", err)
		}
		return a.writeJSON("", append(b, '\n'))
	}
	rows := [][]string{{"PROFIL", "TITEL", "MWST", "SCHÄDEN STEUERBAR"}}
	for _, it := range items {
		mark := ""
		if it.Default {
			mark = " (Standard)"
		}
		rows = append(rows, []string{textsafe.Line(it.Ref) + mark, textsafe.Line(it.Title), it.VATPercent + " %", map[bool]string{true: "ja", false: "nein"}[it.DamagesTaxable]})
	}
	return writeTable(a.stdout, rows)
}

func (a *app) profilesCheck(file string) error {
	data, err := a.readInput(file)
	if err != nil {
		return err
	}
	if isOutline(data) {
		return a.outlineCheck(file, data)
	}
	r, err := catalog.ParseProfile(file, data)
	if ps, ok := catalog.AsProblems(err); ok {
		for _, pr := range ps {
			a.say(a.stderr, "%s", pr.String())
		}
		return exitError{exitInvalid}
	}
	if err != nil {
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	a.say(a.stdout, "ok %s %s (%s)", r.Ref(), r.Hash, r.Title)
	return nil
}

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
