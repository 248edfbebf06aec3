package inspection

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"rueckgabe/money"
)

// obj reads one JSON object of a parsed document and records every type or
// syntax problem with its path, so that a decode reports all problems at
// once instead of the first. Paths are spelled out only for a problem.
type obj struct {
	doc   *jdoc
	n     int32 // the object's node, or -1 when it is absent: then it would be member name of up
	up    int32
	name  string
	probs *Problems
}

// rootObj reads the root of doc, an object.
func rootObj(doc *jdoc, probs *Problems) obj {
	return obj{doc: doc, n: doc.root(), probs: probs}
}

// where is the object's own path.
func (o obj) where() string {
	if o.n >= 0 {
		return o.doc.path(o.n)
	}
	return joinPath(o.doc.path(o.up), o.name)
}

func joinPath(base, key string) string {
	if base == "" {
		return key
	}
	return base + "." + key
}

func (o obj) at(key string) string { return joinPath(o.where(), key) }

// jval is one value of the document.
type jval struct {
	doc *jdoc
	n   int32
}

func (v jval) kind() jkind  { return v.doc.nodes[v.n].kind }
func (v jval) text() string { return v.doc.text(v.doc.nodes[v.n].val) }

// len and item read a list.
func (v jval) len() int { c := v.doc.nodes[v.n].val; return int(c.b - c.a) }
func (v jval) item(i int) jval {
	return jval{v.doc, v.doc.nodes[v.n].val.a + int32(i)}
}

// kindName names a JSON value's type for error messages.
func (v jval) kindName() string { return kindWords[v.kind()] }

func (o obj) get(key string) (jval, bool) {
	if o.n < 0 {
		return jval{}, false
	}
	m, ok := o.doc.member(o.n, key)
	if !ok || o.doc.nodes[m].kind == jNull {
		return jval{}, false
	}
	return jval{o.doc, m}, true
}

func (o obj) wrongType(key string, v jval, want string) {
	o.probs.Add(o.at(key), "is %s, want %s", v.kindName(), want)
}

func (o obj) str(key string) string {
	v, ok := o.get(key)
	if !ok {
		return ""
	}
	if v.kind() != jString {
		o.wrongType(key, v, "text")
		return ""
	}
	return v.text()
}

// money reads a money string. A JSON number is refused: floats lose cents.
func (o obj) money(key string) decimal.NullDecimal {
	return o.decimal(key, money.Cent, money.ParseJSON, `"40.00"`)
}

// percent reads a percentage or rate string with up to maxDecimals decimals.
func (o obj) percent(key string, maxDecimals int) decimal.NullDecimal {
	example := `"45"`
	if maxDecimals > 2 {
		example = `"0.0850"`
	}
	return o.decimal(key, maxDecimals, func(s string) (decimal.Decimal, error) { return money.ParseJSONDecimal(s, maxDecimals) }, example)
}

// decimal reads a decimal string: what parse reads, and takes maxDecimals.
func (o obj) decimal(key string, maxDecimals int, parse func(string) (decimal.Decimal, error), example string) decimal.NullDecimal {
	v, ok := o.get(key)
	if !ok {
		return decimal.NullDecimal{}
	}
	if v.kind() != jString {
		o.probs.Add(o.at(key), "is %s, want a string such as %s (JSON numbers lose cents)", v.kindName(), example)
		return decimal.NullDecimal{}
	}
	if d, ok := v.plainDecimal(maxDecimals); ok {
		return decimal.NullDecimal{Decimal: d, Valid: true}
	}
	d, err := parse(v.text())
	var big *money.RangeError
	if errors.As(err, &big) && maxDecimals == money.Cent {
		// an amount: the most one may be (bounds.go) is far below 15 digits
		o.probs.Add(o.at(key), "%q is too large (an amount is at most %q, a charge at most %q)", v.text(), money.JSON(MaxPrice), money.JSON(MaxAmount))
		return decimal.NullDecimal{}
	}
	if err != nil {
		o.probs.Add(o.at(key), "%s", err)
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}
}

// plainDecimal reads the common case of money.ParseJSONDecimal — an
// optional minus, 1 to 15 digits, a dot and 1 to maxDecimals digits, at most
// 18 digits in all — without making a string of it, to the same value
// (decimal.NewFromString gives digits × 10^-decimals); false leaves
// everything else, and every problem, to money's parser.
func (v jval) plainDecimal(maxDecimals int) (decimal.Decimal, bool) {
	s := v.doc.nodes[v.n].val
	if s.a < 0 {
		return decimal.Decimal{}, false
	}
	b := v.doc.data[s.a:s.b]
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	var n int64
	intDigits, fracDigits, dot := 0, 0, false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			if dot {
				fracDigits++
			} else {
				intDigits++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return decimal.Decimal{}, false
		}
		if intDigits+fracDigits > 18 {
			return decimal.Decimal{}, false
		}
	}
	if intDigits < 1 || intDigits > 15 || dot && (fracDigits < 1 || fracDigits > maxDecimals) {
		return decimal.Decimal{}, false
	}
	if neg {
		n = -n
	}
	return decimal.New(n, -int32(fracDigits)), true
}

// wholeNumber is strconv.ParseInt(v, 10, bits) of a number as written,
// without making a string of it when it is plain digits.
func (v jval) wholeNumber(bits int) (int64, error) {
	s := v.doc.nodes[v.n].val
	if s.a >= 0 {
		b := v.doc.data[s.a:s.b]
		neg := len(b) > 0 && b[0] == '-'
		if neg {
			b = b[1:]
		}
		if max := bits/4 + 1; len(b) > 0 && len(b) <= max && (len(b) == 1 || b[0] != '0') {
			// at most 9 digits for 32 bits, 17 for 64: no overflow
			var n int64
			plain := true
			for _, c := range b {
				if c < '0' || c > '9' {
					plain = false
					break
				}
				n = n*10 + int64(c-'0')
			}
			if plain {
				if neg {
					n = -n
				}
				return n, nil
			}
		}
	}
	return strconv.ParseInt(v.text(), 10, bits)
}

func (o obj) int(key string) *int64 {
	if i, ok := o.whole(key); ok {
		return &i
	}
	return nil
}

func (o obj) intOr(key string, def int64) int64 {
	if i, ok := o.whole(key); ok {
		return i
	}
	return def
}

// whole reads a whole number; false when it is absent or a problem.
func (o obj) whole(key string) (int64, bool) {
	v, ok := o.get(key)
	if !ok {
		return 0, false
	}
	if v.kind() != jNumber {
		o.wrongType(key, v, "a whole number such as 62501")
		return 0, false
	}
	i, err := v.wholeNumber(64)
	if err != nil {
		o.probs.Add(o.at(key), "%s is not a whole number of reasonable size (e.g. 62501)", v.text())
		return 0, false
	}
	return i, true
}

func (o obj) boolean(key string) *bool {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	k := v.kind()
	if k != jTrue && k != jFalse {
		o.wrongType(key, v, "true or false")
		return nil
	}
	b := k == jTrue
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
	switch {
	case err != nil:
		o.probs.Add(o.at(key), "%q is not a date (use YYYY-MM-DD, e.g. \"2024-03-31\")", s)
	case d.IsZero():
		// "0001-01-01" is Date's zero, which means absent: said here, while
		// it is still told apart (Validate checks the range of the others)
		o.probs.Add(o.at(key), "%s", implausibleDate(s))
	}
	return d
}

func (o obj) month(key string) Month {
	s := o.str(key)
	if s == "" {
		return Month{}
	}
	m, err := ParseMonth(s)
	switch {
	case err != nil:
		o.probs.Add(o.at(key), "%q is not a month (use YYYY-MM, e.g. \"2025-02\" for the sticker 02.2025)", s)
	case m.IsZero():
		o.probs.Add(o.at(key), "%s", implausibleDate(s))
	}
	return m
}

func (o obj) object(key string) (obj, bool) {
	sub := obj{doc: o.doc, n: -1, up: o.n, name: key, probs: o.probs}
	if o.n < 0 {
		sub.up, sub.name = o.up, joinPath(o.name, key)
	}
	v, ok := o.get(key)
	if !ok {
		return sub, false
	}
	if v.kind() != jObject {
		o.wrongType(key, v, "an object {…}")
		return sub, false
	}
	sub.n = v.n
	return sub, true
}

// objects reads a list of objects and calls each for every element.
func (o obj) objects(key string, each func(i int, e obj)) {
	v, ok := o.get(key)
	if !ok {
		return
	}
	if v.kind() != jArray {
		o.wrongType(key, v, "a list […]")
		return
	}
	for i := range v.len() {
		item := v.item(i)
		if item.kind() != jObject {
			o.probs.Add(o.doc.path(item.n), "is %s, want an object {…}", item.kindName())
			continue
		}
		each(i, obj{doc: o.doc, n: item.n, probs: o.probs})
	}
}

func (o obj) strings(key string) []string {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	if v.kind() != jArray {
		o.wrongType(key, v, "a list of texts")
		return nil
	}
	out := make([]string, 0, v.len())
	for i := range v.len() {
		item := v.item(i)
		if item.kind() != jString {
			o.probs.Add(fmt.Sprintf("%s[%d]", o.at(key), i), "is %s, want text", item.kindName())
			continue
		}
		out = append(out, item.text())
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
	if v.kind() != jArray {
		o.wrongType(key, v, "a list of numbers")
		return nil
	}
	var out []int
	for i := range v.len() {
		item := v.item(i)
		x, ok := item.atoi()
		if !ok {
			o.probs.Add(fmt.Sprintf("%s[%d]", o.at(key), i), "is %s, want a whole number", item.kindName())
			continue
		}
		out = append(out, x)
	}
	return out
}

// atoi is strconv.Atoi of a number as written.
func (v jval) atoi() (int, bool) {
	if v.kind() != jNumber {
		return 0, false
	}
	n, err := v.wholeNumber(strconv.IntSize)
	return int(n), err == nil
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
	if v.kind() != jArray {
		return bad()
	}
	var out [][][2]int
	total := 0
	for s := range v.len() {
		pts := v.item(s)
		if pts.kind() != jArray {
			return bad()
		}
		var stroke [][2]int
		for j := range pts.len() {
			xy := pts.item(j)
			if xy.kind() != jArray || xy.len() != 2 {
				return bad()
			}
			var p [2]int
			for i := range 2 {
				x, ok := xy.item(i).atoi()
				if !ok {
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
