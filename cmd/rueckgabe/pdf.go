package main

import (
	"rueckgabe/inspection"
	"rueckgabe/service"
	"rueckgabe/store"
)

// pdf renders the printable protocol; a draft carries the ENTWURF mark.
func (a *app) pdf(rec *store.Record, p *inspection.Protocol) ([]byte, error) {
	rules, err := a.rules()
	if err != nil {
		return nil, err
	}
	dir, err := a.dir()
	if err != nil {
		return nil, err
	}
	return service.RecordPDF(rules, dir)(rec, p)
}
