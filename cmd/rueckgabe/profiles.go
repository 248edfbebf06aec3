package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"rueckgabe/catalog"
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

// isOutline reports whether a data file is a vehicle outline
// (rueckgabe/outline@1) rather than a profile.
func isOutline(data []byte) bool {
	var head struct{ Format string }
	return json.Unmarshal(data, &head) == nil && head.Format == catalog.FormatOutline
}

// outlineCheck validates an outline file and its panels' parts against the
// default profile's catalogue, as profiles check does for a profile.
func (a *app) outlineCheck(file string, data []byte) error {
	o, err := catalog.ParseOutline(file, data)
	if err == nil {
		var rules *catalog.Rules
		if rules, err = catalog.Default(); err == nil {
			err = o.CheckParts(file, rules.Catalogue)
		}
	}
	if ps, ok := catalog.AsProblems(err); ok {
		for _, pr := range ps {
			a.say(a.stderr, "%s", pr.String())
		}
		return exitError{exitInvalid}
	}
	if err != nil {
		return a.fail(exitFailure, "rueckgabe: %s", service.Sentence(err))
	}
	n := 0
	for _, v := range o.Views {
		n += len(v.Panels)
	}
	a.say(a.stdout, "ok outline %s@%s (%s): %d views, %d panels", o.Body, o.Version, textsafe.Line(o.Title), len(o.Views), n)
	return nil
}
