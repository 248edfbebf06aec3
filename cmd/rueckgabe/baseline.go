package main

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/seal"
	"rueckgabe/service"
	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// sealedDelivery is a verified handover protocol and its seal hash.
type sealedDelivery struct {
	p    *inspection.Protocol
	hash string
	file string
}

// loadDelivery verifies a handover protocol's archive or bundle like verify
// does and returns its protocol and seal hash.
func loadDelivery(name string, keys []ed25519.PublicKey, rules *catalog.Rules) (*sealedDelivery, error) {
	var b *seal.Bundle
	var p *inspection.Protocol
	if isZip(name) {
		ar, err := service.OpenArchiveFile(name)
		if err != nil {
			return nil, err
		}
		defer ar.Close()
		if b, p, err = ar.Verify(keys, rules); err != nil {
			return nil, err
		}
	} else {
		data, err := readBundle(name)
		if err != nil {
			return nil, err
		}
		if b, err = seal.Verify(data, keys); err != nil {
			return nil, err
		}
		if err = service.CheckValuation(b, rules); err != nil {
			return nil, err
		}
		var probs inspection.Problems
		if p, probs = inspection.DecodeDraft(b.Protocol, rules); len(probs) > 0 {
			return nil, probs
		}
	}
	if !p.IsDelivery() {
		return nil, fmt.Errorf("%s is a %s, not a handover protocol", p.ID, p.KindLabel())
	}
	return &sealedDelivery{p: p, hash: b.Seal.Hash, file: name}, nil
}

// loadBaselines verifies the files given with --baseline, by protocol id;
// checkBaseline adds the ones it finds beside a return, by "file:" + path.
func loadBaselines(files []string, keys []ed25519.PublicKey, rules *catalog.Rules) (map[string]*sealedDelivery, error) {
	pool := map[string]*sealedDelivery{}
	for _, f := range files {
		d, err := loadDelivery(f, keys, rules)
		if err != nil {
			return nil, fmt.Errorf("--baseline %s: %v", f, unwrapPath(err))
		}
		pool[d.p.ID] = d
	}
	return pool, nil
}

// checkBaseline checks a verified return against the handover protocol its
// baseline names: one given with --baseline, or its archive or bundle beside
// the file (ID.zip, ID.bundle.json, as export writes them). Not at hand: the
// line says so and the verdict stands. At hand and not matching: NOT VALID.
func checkBaseline(v verdict, file string, pool map[string]*sealedDelivery, keys []ed25519.PublicKey, rules *catalog.Rules) verdict {
	if v.err != nil || v.proto == nil || v.proto.Baseline == nil {
		return v
	}
	b := v.proto.Baseline
	d := pool[b.ID]
	if d == nil && file != "-" && validBaselineID(b.ID) {
		for _, ext := range []string{".zip", ".bundle.json"} {
			side := filepath.Join(filepath.Dir(file), b.ID+ext)
			if got := pool["file:"+side]; got != nil { // several returns of one car in a directory
				d = got
				break
			}
			if _, err := os.Stat(side); err != nil {
				continue
			}
			got, err := loadDelivery(side, keys, rules)
			if err != nil {
				v.baseline = &verifyBaseline{ID: b.ID, Status: "not_valid", File: side}
				v.err = fmt.Errorf("baseline %s: %v", filepath.Base(side), unwrapPath(err))
				v.line = verifyError(file, v.err)
				return v
			}
			pool["file:"+side], d = got, got
			break
		}
	}
	id := textsafe.Line(b.ID)
	if d == nil {
		v.baseline = &verifyBaseline{ID: b.ID, Status: "not_here"}
		v.line += fmt.Sprintf(", baseline %s not checked (its archive is not here: verify --baseline FILE)", id)
		return v
	}
	v.baseline = &verifyBaseline{ID: b.ID, Status: "checked", File: d.file}
	if diffs := inspection.CheckBaseline(v.proto, d.p, rules, d.hash); len(diffs) > 0 {
		v.baseline.Status = "does_not_match"
		v.err = fmt.Errorf("baseline %s does not match the handover protocol in %s: %s", id, filepath.Base(d.file), textsafe.Line(strings.Join(diffs, "; ")))
		v.line = verifyError(file, v.err)
		return v
	}
	v.line += fmt.Sprintf(", baseline %s checked (%s)", id, filepath.Base(d.file))
	return v
}

// validBaselineID keeps a baseline id from naming a path outside the
// directory: ids are letters, digits, '.', '_', '-'.
func validBaselineID(id string) bool {
	return id != "" && !strings.ContainsAny(id, `/\:`) && !strings.HasPrefix(id, ".")
}

// linkBaseline links a return being imported to the sealed handover
// protocol of its VIN when the store holds exactly one; what it returns says
// so, once the import is done.
func (a *app) linkBaseline(o *importOut, s *store.Store, rules *catalog.Rules, p *inspection.Protocol, name string) func() {
	d, n, err := service.LinkBaseline(s, rules, p)
	switch {
	case err != nil:
		return func() {
			de, en := service.Words(err)
			if de == "" {
				de = en
			}
			if en == "" {
				en = de
			}
			if o.asJSON {
				o.note(a.stderr, name, "Übergabeprotokoll nicht gesucht: "+de, "handover protocol not looked up: "+en)
				return
			}
			a.say(a.stderr, "%s: Übergabeprotokoll nicht gesucht / handover protocol not looked up: %s", name, service.Sentence(err))
		}
	case d != nil:
		// a signature that attested the return without its baseline no
		// longer does: taken off and named, as an edit in the TUI does
		voided := inspection.VoidStale(p, rules)
		return func() {
			if o.asJSON {
				for _, v := range voided {
					o.cur().Notes = append(o.cur().Notes, noteJSON{Note: v.Notice()}) // German only, as the line
				}
			} else {
				sayVoided(a, voided)
			}
			taken, takenEN := "", ""
			if len(d.Filled) > 0 {
				taken = "; übernommen: " + strings.Join(d.Filled, ", ")
				takenEN = fmt.Sprintf("; %d empty vehicle fields taken from it", len(d.Filled))
			}
			o.note(a.stdout, name, fmt.Sprintf("Ausgangslage %s verknüpft (Übergabeprotokoll vom %s, %d Vorschäden%s)", textsafe.Line(d.Record.ID), d.Protocol.Handover.Date.German(), len(d.Protocol.Findings), taken),
				fmt.Sprintf("baseline: linked the sealed handover protocol %s of VIN %s%s", textsafe.Line(d.Record.ID), textsafe.Line(p.Vehicle.VIN), takenEN))
		}
	case n > 1:
		return func() {
			o.note(a.stderr, name, fmt.Sprintf("%d versiegelte Übergabeprotokolle zur FIN %s: keines verknüpft, baseline im Protokoll angeben", n, textsafe.Line(p.Vehicle.VIN)),
				fmt.Sprintf("%d sealed handover protocols of this VIN: none linked, name one in baseline", n))
		}
	}
	return nil
}

// importRecord starts a draft handover protocol from a delivery record file.
func (a *app) importRecord(o *importOut, s *store.Store, cfg config, name string, data []byte, rules *catalog.Rules) int {
	rec, p, probs, err := service.StartDelivery(s, rules, data, cfg.Device)
	switch {
	case err != nil:
		return o.refuseErr(importFailure(err), name, err)
	case len(probs) > 0:
		return o.invalid(name, "", probs)
	}
	o.done("imported", rec, false, "imported %s (Übergabeprotokoll aus Lieferumfang, Entwurf: FIN %s, %d Ausstattungspositionen)", rec.ID, p.Vehicle.VIN, len(p.DeliveryRecord.Equipment))
	return exitOK
}
