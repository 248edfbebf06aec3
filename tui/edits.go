package tui

import "slices"

// edits is what changed in a session's protocol since a save began: the
// findings the finding editor took, or anything else (whole). A save of
// edited findings alone names them, and the store then compares no other
// finding with what it stored (store.SaveEdit; issue 26: at 500 findings
// that comparison was half of what a save may cost beyond its write).
type edits struct {
	findings []int
	whole    bool
}

// finding notes an edit of finding i.
func (e *edits) finding(i int) {
	if !slices.Contains(e.findings, i) {
		e.findings = append(e.findings, i)
	}
}

// add notes the edits of o as well.
func (e *edits) add(o edits) {
	e.whole = e.whole || o.whole
	for _, i := range o.findings {
		e.finding(i)
	}
}

// named are the findings a save names as its only edited ones; nil when it
// must compare them all (something else changed, or nothing is known).
func (e *edits) named() []int {
	if e.whole || len(e.findings) == 0 {
		return nil
	}
	return slices.Clone(e.findings)
}
