package catalog

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// Hints are what the TUI offers at the counter, never what is charged, and
// so no part of a profile or its hash (data/hints/*.json): the make of a
// profile's cars, and which repair methods fit a part of a catalogue
// category. Lessor differences are data: a new lessor's hints are a file.
type Hints struct {
	Format       string                              `json:"format"`
	ProfileMakes map[string]string                   `json:"profile_makes"`
	Repairs      map[string]map[string][]PartRepairs `json:"repairs"` // catalogue id → category id → rules
}

// PartRepairs is a rule: parts whose name starts with one of the prefixes
// (every part when there are none) take the methods, in the guide's order.
type PartRepairs struct {
	Prefixes []string `json:"prefixes,omitempty"`
	Methods  []string `json:"methods"`
}

// FormatHints identifies a hints file.
const FormatHints = "rueckgabe/hints@1"

//go:embed data/hints/*.json
var hintsFS embed.FS

var (
	hintsOnce sync.Once
	hints     Hints
	hintsErr  error
)

// BuiltinHints are the hints of every embedded file, merged.
func BuiltinHints() (*Hints, error) {
	hintsOnce.Do(func() { hints, hintsErr = loadHints() })
	return &hints, hintsErr
}

func loadHints() (Hints, error) {
	all := Hints{Format: FormatHints, ProfileMakes: map[string]string{}, Repairs: map[string]map[string][]PartRepairs{}}
	names, err := hintsFS.ReadDir("data/hints")
	if err != nil {
		return all, err
	}
	for _, n := range names {
		b, err := hintsFS.ReadFile("data/hints/" + n.Name())
		if err != nil {
			return all, err
		}
		var h Hints
		if err := json.Unmarshal(b, &h); err != nil || h.Format != FormatHints {
			return all, fmt.Errorf("hints %s: not a %s file (%v)", n.Name(), FormatHints, err)
		}
		for id, make := range h.ProfileMakes {
			all.ProfileMakes[id] = make
		}
		for cat, rules := range h.Repairs {
			all.Repairs[cat] = rules
		}
	}
	return all, nil
}

// MakeOf is the make of a profile's cars ("bmw-fs-de" → "BMW"), "" for a
// profile of a lessor of many makes.
func (h *Hints) MakeOf(profileID string) string { return h.ProfileMakes[profileID] }

// RepairsFor lists the methods that fit a part of a category of a
// catalogue; nil when no rule says (every method fits).
func (h *Hints) RepairsFor(catalogueID, category, part string) []string {
	for _, r := range h.Repairs[catalogueID][category] {
		if len(r.Prefixes) == 0 {
			return r.Methods
		}
		for _, p := range r.Prefixes {
			if strings.HasPrefix(part, p) {
				return r.Methods
			}
		}
	}
	return nil
}
