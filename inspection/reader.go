package inspection

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"rueckgabe/money"
)

// obj reads one JSON object and records every type or syntax problem with its
// path, so that a decode reports all problems at once instead of the first.
type obj struct {
	path  string
	m     map[string]any
	probs *Problems
}

func (o obj) at(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

func (o obj) get(key string) (any, bool) {
	v, ok := o.m[key]
	if !ok || v == nil {
		return nil, false
	}
	return v, true
}

// kind names a JSON value's type for error messages.
func kind(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case json.Number:
		return "a number"
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}

func (o obj) wrongType(key string, v any, want string) {
	o.probs.Add(o.at(key), "is %s, want %s", kind(v), want)
}

func (o obj) str(key string) string {
	v, ok := o.get(key)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		o.wrongType(key, v, "text")
	}
	return s
}

// money reads a money string. A JSON number is refused: floats lose cents.
func (o obj) money(key string) decimal.NullDecimal {
	return o.decimal(key, func(s string) (decimal.Decimal, error) { return money.ParseJSON(s) }, `"40.00"`)
}

// percent reads a percentage or rate string with up to maxDecimals decimals.
func (o obj) percent(key string, maxDecimals int) decimal.NullDecimal {
	example := `"45"`
	if maxDecimals > 2 {
		example = `"0.0850"`
	}
	return o.decimal(key, func(s string) (decimal.Decimal, error) { return money.ParseJSONDecimal(s, maxDecimals) }, example)
}

func (o obj) decimal(key string, parse func(string) (decimal.Decimal, error), example string) decimal.NullDecimal {
	v, ok := o.get(key)
	if !ok {
		return decimal.NullDecimal{}
	}
	s, isStr := v.(string)
	if !isStr {
		o.probs.Add(o.at(key), "is %s, want a string such as %s (JSON numbers lose cents)", kind(v), example)
		return decimal.NullDecimal{}
	}
	d, err := parse(s)
	if err != nil {
		o.probs.Add(o.at(key), "%s", err)
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}
}

func (o obj) int(key string) *int64 {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		o.wrongType(key, v, "a whole number such as 62501")
		return nil
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		o.probs.Add(o.at(key), "%s is not a whole number of reasonable size (e.g. 62501)", n)
		return nil
	}
	return &i
}

func (o obj) intOr(key string, def int64) int64 {
	if p := o.int(key); p != nil {
		return *p
	}
	return def
}

func (o obj) boolean(key string) *bool {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	b, isBool := v.(bool)
	if !isBool {
		o.wrongType(key, v, "true or false")
		return nil
	}
	return &b
}

func (o obj) flag(key string) bool {
	b := o.boolean(key)
	return b != nil && *b
}

func (o obj) date(key string) Date {
	s := o.str(key)
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		o.probs.Add(o.at(key), "%q is not a date (use YYYY-MM-DD, e.g. \"2024-03-31\")", s)
	}
	return d
}

func (o obj) month(key string) Month {
	s := o.str(key)
	if s == "" {
		return Month{}
	}
	m, err := ParseMonth(s)
	if err != nil {
		o.probs.Add(o.at(key), "%q is not a month (use YYYY-MM, e.g. \"2025-02\" for the sticker 02.2025)", s)
	}
	return m
}

func (o obj) object(key string) (obj, bool) {
	sub := obj{path: o.at(key), probs: o.probs}
	v, ok := o.get(key)
	if !ok {
		return sub, false
	}
	m, isObj := v.(map[string]any)
	if !isObj {
		o.wrongType(key, v, "an object {…}")
		return sub, false
	}
	sub.m = m
	return sub, true
}

// objects reads a list of objects and calls each for every element.
func (o obj) objects(key string, each func(i int, e obj)) {
	v, ok := o.get(key)
	if !ok {
		return
	}
	list, isList := v.([]any)
	if !isList {
		o.wrongType(key, v, "a list […]")
		return
	}
	for i, item := range list {
		path := fmt.Sprintf("%s[%d]", o.at(key), i)
		m, isObj := item.(map[string]any)
		if !isObj {
			o.probs.Add(path, "is %s, want an object {…}", kind(item))
			continue
		}
		each(i, obj{path: path, m: m, probs: o.probs})
	}
}

func (o obj) strings(key string) []string {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		o.wrongType(key, v, "a list of texts")
		return nil
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, isStr := item.(string)
		if !isStr {
			o.probs.Add(fmt.Sprintf("%s[%d]", o.at(key), i), "is %s, want text", kind(item))
			continue
		}
		out = append(out, s)
	}
	return out
}

// time reads an RFC 3339 time.
func (o obj) time(key string) time.Time {
	s := o.str(key)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		o.probs.Add(o.at(key), "%q is not an RFC 3339 time (e.g. \"2024-04-03T10:15:00+02:00\")", s)
	}
	return t
}

// ints reads a list of whole numbers.
func (o obj) ints(key string) []int {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		o.wrongType(key, v, "a list of numbers")
		return nil
	}
	var out []int
	for i, item := range list {
		n, isNum := item.(json.Number)
		x, err := strconv.Atoi(string(n))
		if !isNum || err != nil {
			o.probs.Add(fmt.Sprintf("%s[%d]", o.at(key), i), "is %s, want a whole number", kind(item))
			continue
		}
		out = append(out, x)
	}
	return out
}

// maxStrokePoints bounds a drawn signature; a real one has a few hundred points.
const maxStrokePoints = 20000

// strokes reads [[[x, y], ...], ...] with integer points.
func (o obj) strokes(key string) [][][2]int {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	bad := func() [][][2]int {
		o.probs.Add(o.at(key), "is not a list of strokes [[[x, y], …], …] with whole numbers")
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		return bad()
	}
	var out [][][2]int
	total := 0
	for _, st := range list {
		pts, ok := st.([]any)
		if !ok {
			return bad()
		}
		var stroke [][2]int
		for _, pt := range pts {
			xy, ok := pt.([]any)
			if !ok || len(xy) != 2 {
				return bad()
			}
			var p [2]int
			for i := range 2 {
				n, isNum := xy[i].(json.Number)
				x, err := strconv.Atoi(string(n))
				if !isNum || err != nil {
					return bad()
				}
				p[i] = x
			}
			if total++; total > maxStrokePoints {
				o.probs.Add(o.at(key), "has more than %d points", maxStrokePoints)
				return nil
			}
			stroke = append(stroke, p)
		}
		out = append(out, stroke)
	}
	return out
}
