package catalog

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

//go:embed data/*.json
var builtinFS embed.FS

// The built-in data files.
const (
	BuiltinCatalogue = "data/bmw-fs-2012.json"
	BuiltinFactors   = "data/factors-leaseplan.json"
	BuiltinFees      = "data/fees-akf.json"
)

// The format tags that identify a data file's kind.
const (
	FormatCatalogue = "rueckgabe/catalogue@1"
	FormatFactors   = "rueckgabe/factors@1"
	FormatFees      = "rueckgabe/fees@1"
)

// Rules is one consistent set of rule data a protocol is judged by.
type Rules struct {
	Catalogue *Catalogue
	Factors   *FactorTable
	Fees      *FeeSchedule
}

var (
	defaultOnce  sync.Once
	defaultRules *Rules
	defaultErr   error
)

// Default returns the built-in rules (BMW FS catalogue, LeasePlan table, akf fees).
// The embedded files are checked by the package tests, so an error here means a
// broken build; it is returned rather than hidden.
func Default() (*Rules, error) {
	defaultOnce.Do(func() {
		defaultRules, defaultErr = loadBuiltin()
	})
	return defaultRules, defaultErr
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

func loadBuiltin() (*Rules, error) {
	var errs []error
	read := func(name string) []byte {
		b, err := builtinFS.ReadFile(name)
		errs = append(errs, err)
		return b
	}
	cat, err := ParseCatalogue(BuiltinCatalogue, read(BuiltinCatalogue))
	errs = append(errs, err)
	fac, err := ParseFactors(BuiltinFactors, read(BuiltinFactors))
	errs = append(errs, err)
	fees, err := ParseFees(BuiltinFees, read(BuiltinFees))
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &Rules{Catalogue: cat, Factors: fac, Fees: fees}, nil
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
