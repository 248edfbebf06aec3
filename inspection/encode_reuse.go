package inspection

import (
	"bytes"
	"encoding/json"
	"slices"
	"unsafe"

	"github.com/shopspring/decimal"
)

// A save writes the whole protocol again, but an edit changes one finding.
// EncodeCompactAfter keeps what it encoded last time (the bytes of every
// finding and a private copy of the finding they were written from) and
// writes anew only the findings that differ from their copy: with 500
// findings, comparing them costs a tenth of encoding them. The document is
// the same bytes EncodeCompact writes (a property test edits random
// protocols and compares the two).

// Encoding is a protocol's compact document with where each finding lies in
// it and what it was written from. It is never changed once made: the next
// encoding shares its unchanged finding copies.
type Encoding struct {
	Doc    []byte
	head   []byte     // the document without findings ("findings":null), as json.Marshal wrote it
	headOf *Protocol  // a deep copy of the protocol head was written from (headOf); never changed
	starts []int      // finding i is Doc[starts[i]:ends[i]]
	ends   []int      //
	kept   []*Finding // deep copies of the findings as they were encoded; never changed
}

// Finding returns the bytes of finding i within Doc.
func (e *Encoding) Finding(i int) []byte { return e.Doc[e.starts[i]:e.ends[i]] }

// Findings is how many findings the encoding knows the place of (0 for one
// written by encoding/json alone).
func (e *Encoding) Findings() int { return len(e.kept) }

// Rewritten says how an encoding differs from the one it was made after.
type Rewritten struct {
	// Findings are the indexes of the findings written anew: every other
	// finding is byte for byte what it was.
	Findings []int
	// Only: nothing else can differ — the same number of findings and the
	// same bytes outside them. False when there was nothing to compare with.
	Only bool
}

// EncodeCompactAfter encodes p as EncodeCompact does, taking the bytes of
// each finding that is unchanged at its index from prev (nil: none).
func EncodeCompactAfter(p *Protocol, prev *Encoding) (*Encoding, Rewritten, error) {
	e, _, rw, err := AppendCompactAfter(nil, 0, p, prev)
	return e, rw, err
}

// AppendCompactAfter is EncodeCompactAfter writing the document after dst,
// in one buffer with room for spare more bytes after it: the store puts
// the record's envelope before the document and its closing brace after it
// without copying the document again. It returns the Encoding (its Doc is
// the part of buf after dst) and buf. When dst's capacity holds the
// document, it is written there (the store reuses the buffer of an older
// save): that memory must not hold prev's document.
func AppendCompactAfter(dst []byte, spare int, p *Protocol, prev *Encoding) (e *Encoding, buf []byte, rw Rewritten, err error) {
	return appendCompact(dst, spare, p, prev, nil)
}

// AppendCompactEdit is AppendCompactAfter for an edit of the findings at
// the indexes edited (head changes aside): every other finding is taken
// from prev as it is, without reading p's. The caller vouches that p's
// other findings are prev's; the document is then the one AppendCompactAfter
// writes, and finding what changed no longer reads every finding, which at
// 500 findings is half of what a save may cost beyond its write (issue 26).
// Without prev, or when p has another number of findings than prev, every
// finding is compared as AppendCompactAfter does.
func AppendCompactEdit(dst []byte, spare int, p *Protocol, prev *Encoding, edited []int) (e *Encoding, buf []byte, rw Rewritten, err error) {
	if prev == nil || len(prev.kept) != len(p.Findings) {
		edited = nil
	} else if edited == nil {
		edited = []int{}
	}
	return appendCompact(dst, spare, p, prev, edited)
}

// appendCompact is AppendCompactAfter; with edited not nil, findings at
// other indexes are prev's (AppendCompactEdit).
func appendCompact(dst []byte, spare int, p *Protocol, prev *Encoding, edited []int) (e *Encoding, buf []byte, rw Rewritten, err error) {
	var head []byte
	var written *Protocol
	if prev != nil && prev.headOf != nil && sameHead(prev.headOf, p) {
		head, written = prev.head, prev.headOf
	} else {
		if head, err = json.Marshal(toWireHead(p)); err != nil {
			return nil, nil, Rewritten{}, err
		}
		written = headOf(p)
	}
	at := bytes.Index(head, findingsPlaceholder)
	if at < 0 {
		// no placeholder to splice into: encoding/json writes it all
		doc, err := json.Marshal(toWire(p))
		buf = append(dst, doc...)
		return &Encoding{Doc: buf[len(dst):len(buf):len(buf)]}, buf, Rewritten{}, err
	}
	at += len(findingsPlaceholder) - len("null")
	n := len(p.Findings)
	e = &Encoding{head: head, headOf: written, starts: make([]int, 2*n), kept: make([]*Finding, n)}
	e.starts, e.ends = e.starts[:n:n], e.starts[n:]
	size := len(head) + 320*n
	if prev != nil {
		size = len(head) + len(prev.Doc) - len(prev.head) + 256
	}
	out := dst
	if cap(dst)-len(dst) < size+spare {
		out = append(make([]byte, 0, len(dst)+size+spare), dst...)
	}
	base := len(out)
	out = append(out, head[:at]...)
	out = append(out, '[')
	// unchanged findings in a row are copied in one piece, with the commas
	// between them: from (-1: none pending) to i-1
	from := -1
	copyRun := func(to int) {
		if from < 0 {
			return
		}
		if from > 0 {
			out = append(out, ',')
		}
		shift := len(out) - base - prev.starts[from]
		out = append(out, prev.Doc[prev.starts[from]:prev.ends[to-1]]...)
		for k := from; k < to; k++ {
			e.starts[k], e.ends[k] = prev.starts[k]+shift, prev.ends[k]+shift
		}
		from = -1
	}
	for i := range p.Findings {
		f := &p.Findings[i]
		if prev != nil && i < len(prev.kept) && prev.kept[i] != nil &&
			(edited != nil && !slices.Contains(edited, i) || sameFinding(prev.kept[i], f)) {
			e.kept[i] = prev.kept[i]
			if from < 0 {
				from = i
			}
			continue
		}
		copyRun(i)
		if i > 0 {
			out = append(out, ',')
		}
		e.starts[i] = len(out) - base
		out = appendFinding(out, f)
		e.ends[i] = len(out) - base
		c := f.clone()
		e.kept[i] = &c
		rw.Findings = append(rw.Findings, i)
	}
	copyRun(n)
	out = append(out, ']')
	out = append(out, head[at+len("null"):]...)
	e.Doc = out[base:len(out):len(out)]
	rw.Only = prev != nil && len(prev.kept) == n && bytes.Equal(prev.head, head)
	return e, out, rw, nil
}

// sameFinding reports whether a and b are encoded alike because every field
// is the same: strings, flags and pointer targets equal, amounts the same
// digits at the same exponent. It may say two findings differ that encode
// alike (then one is written again), never the reverse: a test changes each
// field reachable from a Finding in turn and checks that it is noticed.
func sameFinding(a, b *Finding) bool {
	return sameDirect(a, b) && slices.Equal(a.Photos, b.Photos) && slices.Equal(a.Evidence, b.Evidence) &&
		samePtr(a.BaselineFinding, b.BaselineFinding) && sameLocation(a.Location, b.Location) &&
		sameMeasurements(a.Measurements, b.Measurements)
}

// directSize is how many bytes of a Finding its fields before Photos take:
// texts, flags and amounts, held in the struct itself (the fields from
// Photos on point elsewhere).
var directSize = unsafe.Offsetof(Finding{}.Photos)

// sameDirect compares the fields before Photos. A kept copy shares its
// texts and its amounts' digits with the finding it was made from, and
// neither ever changes in place (a string cannot, a Decimal makes new
// digits for every result): the same bytes in the struct are the same
// fields, found in one comparison of memory. Bytes that differ (a text set
// again to the same words, padding) are compared field by field.
func sameDirect(a, b *Finding) bool {
	if bytes.Equal(unsafe.Slice((*byte)(unsafe.Pointer(a)), directSize), unsafe.Slice((*byte)(unsafe.Pointer(b)), directSize)) {
		return true
	}
	return a.Category == b.Category && a.Rule == b.Rule && a.Part == b.Part && a.Damage == b.Damage &&
		a.Cause == b.Cause && a.Size == b.Size && a.Repair == b.Repair && a.Acceptable == b.Acceptable &&
		a.OverrideReason == b.OverrideReason && a.SafetyRelevant == b.SafetyRelevant && a.Accident == b.Accident &&
		sameNull(a.FactorPercent, b.FactorPercent) && sameCosts(&a.Costs, &b.Costs) &&
		sameNull(a.Cost, b.Cost) && a.NoChargeReason == b.NoChargeReason &&
		sameNull(a.Depreciation.Amount, b.Depreciation.Amount) && a.Depreciation.PaidByInsurer == b.Depreciation.PaidByInsurer &&
		a.Note == b.Note
}

// sameDecimal: the same coefficient at the same exponent (a zero without a
// coefficient is zero). It does not allocate, unlike Equal across exponents.
// A kept copy shares its amounts' digits with the finding it was copied
// from, and a Decimal never changes its digits in place (every operation
// makes new ones): the same digits at the same exponent are the same amount,
// found without comparing them.
func sameDecimal(a, b decimal.Decimal) bool {
	if a == b {
		return true
	}
	if a.Exponent() != b.Exponent() {
		return false
	}
	if a.IsZero() {
		return b.IsZero()
	}
	return a.Cmp(b) == 0
}

func sameCosts(a, b *Costs) bool {
	return *a == *b || sameDecimal(a.BodyLabour, b.BodyLabour) && sameDecimal(a.Parts, b.Parts) &&
		sameDecimal(a.PaintLabour, b.PaintLabour) && sameDecimal(a.PaintMaterial, b.PaintMaterial) &&
		sameDecimal(a.Flat, b.Flat)
}

// sameNull: an amount that is not set is not written, whatever its digits.
func sameNull(a, b decimal.NullDecimal) bool {
	return a == b || a.Valid == b.Valid && (!a.Valid || sameDecimal(a.Decimal, b.Decimal))
}

func samePtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sameLocation(a, b *Location) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.View == b.View && a.Panel == b.Panel && samePtr(a.X, b.X) && samePtr(a.Y, b.Y)
}

func sameMeasurements(a, b *Measurements) bool {
	if a == nil || b == nil {
		return a == b
	}
	return sameNull(a.LengthMm, b.LengthMm) && sameNull(a.DiameterMm, b.DiameterMm) && sameNull(a.DepthMm, b.DepthMm) &&
		sameNull(a.TreadMm, b.TreadMm) && samePtr(a.CountOnPanel, b.CountOnPanel) && samePtr(a.PrimerVisible, b.PrimerVisible) &&
		samePtr(a.PaintDamaged, b.PaintDamaged) && samePtr(a.DriverView, b.DriverView)
}
