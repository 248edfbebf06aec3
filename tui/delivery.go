package tui

import (
	"fmt"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/internal/textfile"
	"rueckgabe/service"
)

// Handover protocols in the TUI (docs/tui.md, "Übergabeprotokoll"): started
// from the start screen with u, from a delivery record file of the data
// directory's lieferumfang/ folder or without one.

// askRecord offers the delivery record files, and "without".
func (s *startPage) askRecord() tea.Cmd {
	s.recordFiles = service.RecordFiles(s.c.Dir)
	labels := []string{"ohne Lieferumfang-Datei (Fahrzeugdaten von Hand)"}
	for _, f := range s.recordFiles {
		labels = append(labels, filepath.Base(f))
	}
	s.records = newPicklist(s.c, "Übergabeprotokoll – Lieferumfang aus "+filepath.Join(s.c.Dir, service.RecordDir), labels, true, false)
	return nil
}

func (s *startPage) pickRecord(msg tea.Msg) tea.Cmd {
	i, ok, cmd := choose(&s.records, s.c.Keys.Back, msg)
	if !ok {
		return cmd
	}
	rules := s.c.profile()
	if i == 0 {
		p := newProtocol(s.c, rules)
		p.Kind, p.Contract = inspection.KindDelivery, inspection.Contract{}
		s.request = &newProtocolMsg{p: p}
		return nil
	}
	name := s.recordFiles[i-1]
	data, err := os.ReadFile(name) // a few KiB the user just picked
	if err == nil {
		data, err = textfile.Decode(data)
	}
	if err != nil {
		s.err = fmt.Errorf("Lieferumfang %s: %w", filepath.Base(name), err)
		return nil
	}
	rf, probs := inspection.DecodeRecordFile(data)
	if len(probs) > 0 {
		s.err = fmt.Errorf("Lieferumfang %s: %s", filepath.Base(name), probs[0])
		return nil
	}
	s.err = nil
	s.request = &newProtocolMsg{p: rf.NewDelivery(rules, s.c.Inspector, s.c.Dealership)}
	return nil
}

// deliveryMasterFields are the Stammdaten of a handover protocol: the car,
// the customer, the contract number, and when and where it was handed over.
func deliveryMasterFields() []*field {
	const ub = "Übergabe"
	var out []*field
	for _, f := range masterFields() {
		if f.section == "Fahrzeug" || f.section == "Kunde" || f.path == "contract.number" {
			out = append(out, f)
		}
	}
	return append(out,
		dateField(ub, "Übergabedatum", "handover.date", func(p *inspection.Protocol) *inspection.Date { return &p.Handover.Date }),
		text(ub, "Ort", "handover.place", "", func(p *inspection.Protocol) *string { return &p.Handover.Place }))
}
