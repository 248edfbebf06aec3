package main

import (
	"encoding/json"

	"rueckgabe/catalog"
	"rueckgabe/service"
	"rueckgabe/textsafe"
)

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
