package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// The format tags that identify a data file's kind.
const (
	FormatCatalogue = "rueckgabe/catalogue@1"
	FormatFactors   = "rueckgabe/factors@1"
	FormatFees      = "rueckgabe/fees@1"
)

// Rules is a lessor profile (RULES.md §8): one consistent set of rule data a
// protocol is judged and valued by, and the settings that differ between
// lessors. A protocol records the profile's Ref and Hash.
type Rules struct {
	ID      string
	Version string
	Title   string
	Short   string // the header's label at 80 columns; "" = the id
	Source  string
	Hash    string // "sha256:…" over the profile and its components

	Catalogue *Catalogue
	Factors   *FactorTable
	Fees      *FeeSchedule // empty when the profile has none

	KmPreset               KmPreset
	VATPercent             decimal.Decimal
	DamagesTaxable         bool
	DealerSurchargePercent decimal.Decimal
	Experts                []string
	MinTreadMm             decimal.Decimal
	DeliveryItems          []DeliveryItem
	// MissingItemFees names, per delivery item, the schedule's fee charged
	// when it is not returned (Fahrzeugschlüssel → key_loss), per unit.
	MissingItemFees map[string]string
	// Measures decide a finding's criterion from its measurements (measure.go).
	Measures []Measure

	registry *Registry
	raw      rawParts // the bytes the hash covers, for Pinned
}

// Ref is the profile's identity as a protocol records it: "bmw-fs-de@1".
func (r *Rules) Ref() string { return r.ID + "@" + r.Version }

// Registry returns the set of profiles this one was loaded with.
func (r *Rules) Registry() *Registry { return r.registry }

// Resolve returns the profile a protocol names ("id" or "id@version"), from
// the registry this profile belongs to; "" names this profile.
func (r *Rules) Resolve(ref string) (*Rules, error) {
	if ref == "" || ref == r.Ref() {
		return r, nil
	}
	if r.registry == nil {
		return nil, fmt.Errorf("profile %q is not known (only %s is loaded)", ref, r.Ref())
	}
	return r.registry.Resolve(ref)
}

// Default returns the default built-in profile (bmw-fs-de). The embedded
// files are checked by the package tests, so an error here means a broken
// build; it is returned rather than hidden.
func Default() (*Rules, error) {
	reg, err := builtinRegistry()
	if err != nil {
		return nil, err
	}
	return reg.Default(), nil
}

// MustDefault is Default for callers that cannot proceed without the built-in
// rules (tests, benchmarks, package-level defaults).
func MustDefault() *Rules {
	r, err := Default()
	if err != nil {
		panic(fmt.Sprintf("built-in rule data is invalid: %v", err))
	}
	return r
}

// ParseCatalogue decodes and validates a catalogue file.
func ParseCatalogue(file string, data []byte) (*Catalogue, error) {
	c, err := parse(file, data, validateCatalogue)
	if err == nil {
		c.index()
	}
	return c, err
}

// ParseFactors decodes and validates a factor table file.
func ParseFactors(file string, data []byte) (*FactorTable, error) {
	t, err := parse(file, data, validateFactors)
	if err == nil {
		for i := range t.Rows {
			t.Rows[i].label = t.Rows[i].Label()
		}
	}
	return t, err
}

// ParseFees decodes and validates a fee schedule file.
func ParseFees(file string, data []byte) (*FeeSchedule, error) {
	return parse(file, data, validateFees)
}

// parse decodes a data file strictly and validates it; nil on any problem.
func parse[T any](file string, data []byte, validate func(string, *T) error) (*T, error) {
	var v T
	if err := decodeStrict(file, data, &v); err != nil {
		return nil, err
	}
	if err := validate(file, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// decodeStrict rejects unknown fields so that a misspelt key in a lessor's file is
// reported rather than silently ignored.
func decodeStrict(file string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Problems{{File: file, Msg: describeJSONError(data, err)}}
	}
	return nil
}

// describeJSONError adds the line number to a decoding error.
func describeJSONError(data []byte, err error) string {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err.Error()
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	return fmt.Sprintf("line %d: %v", line, err)
}
