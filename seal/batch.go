package seal

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha512"
	"encoding/hex"
	"runtime"
	"sync"
	"sync/atomic"

	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
)

// Batch verification of Ed25519 signatures for the bulk paths (report, check,
// verify of many bundles), with the same answer per item as ed25519.Verify.
//
// What ed25519.Verify (Go's crypto/ed25519, cofactorless) accepts: a 64-byte
// signature R‖s with s < ℓ; a public key A that edwards25519's SetBytes
// decodes (it accepts some non-canonical encodings: y ≥ p, and x = 0 with the
// sign bit set); and then R == encoding([s]B − [k]A) with
// k = SHA-512(R‖A‖M) mod ℓ, A as given. The recomputed point's encoding is
// canonical, so R must be the canonical encoding of a point R, and the check
// is the point equation D = [s]B − R − [k]A = O exactly, torsion included.
//
// The batch equation over a group of items, with fresh random 128-bit z_i,
//
//	[8]( [Σ z_i s_i]B − Σ [z_i]R_i − Σ_keys [Σ_{i: key} z_i k_i]A ) = O,
//
// is [8]Σ z_i D_i = O. The curve group is cyclic of order 8ℓ: each D_i is a
// part of prime order ℓ plus a part in the torsion E[8]. The factor 8 removes
// the torsion parts, and if some prime-order part is not zero, the sum of
// prime-order parts vanishes for at most one value of z_i mod ℓ given the
// others, so a wrong group passes with probability ≤ 2⁻¹²⁸. What the
// cofactored equation cannot see is a D_i that is a non-zero torsion point:
// single verification rejects it, the batch would accept it. D_i has a
// torsion part only when R_i or A has one (B has none), e.g. R' = R + T for a
// point T of order 8 with s unchanged. Dropping the factor 8 would not help:
// torsion parts of order 2 in two items cancel for half the choices of z.
//
// So an item joins a batch only when both R_i and A are known to lie in the
// prime-order subgroup; then D_i has order 1 or ℓ and [8]D_i = O ⇔ D_i = O,
// and the batch says for each item exactly what single verification says.
// Looking at encodings alone cannot do this: R + T has a canonical encoding
// like any other point. Everything else is handed to ed25519.Verify itself:
// keys and R that are not torsion-free, s ≥ ℓ, non-canonical encodings of R
// (Go rejects them, as its recomputed R is canonical) and of A (the batch
// would decode and hash them as Go does; they are left out only so that the
// batch sees nothing unusual), and the few points where the subgroup test
// below cannot decide. Honest signatures do not take that path: R = [r]B and
// A = [a]B are torsion-free and canonical.
//
// Testing A: once per distinct key, [ℓ]A = O by a scalar multiplication
// (a device signs many protocols, so this is paid a few times per batch).
// Testing R, one per signature: a scalar multiplication would cost about as
// much as ed25519.Verify and the batch would gain nothing, so R is tested by
// halving (E is cyclic of order 8ℓ, so R is torsion-free ⇔ R ∈ 8E ⇔ R can be
// halved three times in E(F_p)), which costs four exponentiations in F_p;
// see inPrimeOrderSubgroup. Per signature the batch then pays those, the
// decoding of R (a fifth), SHA-512 and its share of the multi-scalar
// multiplication: about half of ed25519.Verify (docs/performance.md).
//
// A group whose equation fails is split in two and each half tried again
// with fresh z_i, down to groups of batchMinSplit items, which are verified
// one by one; so one bad signature among many costs a few equations, not one
// ed25519.Verify per item of its group.

// BatchItem is one signature for VerifyBatch.
type BatchItem struct {
	Public    ed25519.PublicKey
	Message   []byte
	Signature []byte
}

// verifyOne is ed25519.Verify; the tests count its calls.
var verifyOne = ed25519.Verify

const (
	batchGroup    = 64 // items per batch equation
	batchMinSplit = 4  // a failed group this small is verified item by item
)

// VerifyBatch reports for every item whether ed25519.Verify(Public, Message,
// Signature) holds, with the same answer for every item (a false positive
// has probability ≤ 2⁻¹²⁸ per group, from the random coefficients). A public
// key that is not 32 bytes long is false (ed25519.Verify panics on it).
// The groups run on up to GOMAXPROCS goroutines. Safe for concurrent use.
func VerifyBatch(items []BatchItem) []bool {
	return verifyBatch(items, runtime.GOMAXPROCS(0))
}

// verifyBatch checks each distinct key once, then decodes and verifies the
// items in groups of up to batchGroup on up to procs goroutines, each
// taking the next group as it is done: on a machine whose cores are busy
// with other work too, no goroutine waits for a fixed share of another.
// Groups are of equal size (65 items: 33 and 32, not 64 and one verified
// alone).
func verifyBatch(items []BatchItem, procs int) []bool {
	ok := make([]bool, len(items))
	groups := (len(items) + batchGroup - 1) / batchGroup
	workers := max(1, min(procs, groups))
	// the distinct keys, each checked once
	keys := make(map[[32]byte]*batchKey)
	var distinct [][]byte
	for i := range items {
		if pub := items[i].Public; len(pub) == ed25519.PublicKeySize && keys[[32]byte(pub)] == nil {
			keys[[32]byte(pub)] = &batchKey{}
			distinct = append(distinct, pub)
		}
	}
	each(workers, len(distinct), func(k int) { *keys[[32]byte(distinct[k])] = *newBatchKey(distinct[k]) })
	each(workers, groups, func(g int) {
		lo, hi := g*len(items)/groups, (g+1)*len(items)/groups
		verifyPart(items[lo:hi], ok[lo:hi], keys)
	})
	return ok
}

// each calls fn(0) … fn(n-1) on up to workers goroutines, each taking the
// next index as it is done.
func each(workers, n int, fn func(int)) {
	if workers <= 1 || n <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// verifyPart sets ok[i] for items[i], by one batch equation for those that
// may take part (halved when it fails), one by one for the others; keys
// holds each item's key, checked (read only: parts run at once).
func verifyPart(items []BatchItem, ok []bool, keys map[[32]byte]*batchKey) {
	var batch []batchEntry
	for i := range items {
		it := &items[i]
		if len(it.Public) != ed25519.PublicKeySize {
			continue
		}
		if len(it.Signature) != ed25519.SignatureSize {
			continue // ed25519.Verify: bad signature length
		}
		e, batchable := prepareEntry(i, it, keys[[32]byte(it.Public)])
		if !batchable {
			ok[i] = verifyOne(it.Public, it.Message, it.Signature)
			continue
		}
		batch = append(batch, e)
	}
	// at most batchGroup items: one equation
	verifyGroup(batch, items, ok)
}

// batchKey is one distinct public key of a batch.
type batchKey struct {
	point     *edwards25519.Point
	batchable bool // canonical encoding, torsion-free
}

func newBatchKey(pub []byte) *batchKey {
	p, err := new(edwards25519.Point).SetBytes(pub)
	if err != nil || !bytes.Equal(p.Bytes(), pub) {
		return &batchKey{}
	}
	// [ℓ]A = [ℓ−1]A + A; the scalar ℓ−1 is −1 mod ℓ.
	minusOne := edwards25519.NewScalar().Subtract(edwards25519.NewScalar(), scalarOne)
	t := new(edwards25519.Point).ScalarMult(minusOne, p)
	t.Add(t, p)
	return &batchKey{point: p, batchable: t.Equal(edwards25519.NewIdentityPoint()) == 1}
}

// batchEntry is an item that may be checked in a batch equation.
type batchEntry struct {
	index int
	key   *batchKey
	r     *edwards25519.Point
	s, k  *edwards25519.Scalar
}

// prepareEntry decodes an item for the batch; false sends it to
// ed25519.Verify.
func prepareEntry(i int, it *BatchItem, key *batchKey) (batchEntry, bool) {
	if !key.batchable {
		return batchEntry{}, false
	}
	sig := it.Signature
	s, err := edwards25519.NewScalar().SetCanonicalBytes(sig[32:])
	if err != nil {
		return batchEntry{}, false // s ≥ ℓ
	}
	rb := sig[:32]
	y, ok := canonicalY(rb)
	if !ok {
		return batchEntry{}, false
	}
	if free, sure := inPrimeOrderSubgroup(y); !free || !sure {
		return batchEntry{}, false
	}
	r, err := new(edwards25519.Point).SetBytes(rb)
	if err != nil {
		return batchEntry{}, false
	}
	h := sha512.New()
	h.Write(rb)
	h.Write(it.Public)
	h.Write(it.Message)
	var digest [64]byte
	k, err := edwards25519.NewScalar().SetUniformBytes(h.Sum(digest[:0]))
	if err != nil {
		return batchEntry{}, false
	}
	return batchEntry{index: i, key: key, r: r, s: s, k: k}, true
}

// canonicalY returns the y-coordinate of a point encoding when the encoding
// is canonical: y < p, and no sign bit on x = 0 (y = ±1). Whether a point
// with this y exists is SetBytes's to say.
func canonicalY(enc []byte) (*field.Element, bool) {
	y, err := new(field.Element).SetBytes(enc) // ignores the top bit
	if err != nil {
		return nil, false
	}
	var yb [32]byte
	copy(yb[:], enc)
	yb[31] &= 0x7f
	if !bytes.Equal(y.Bytes(), yb[:]) {
		return nil, false // y ≥ p
	}
	if enc[31]&0x80 != 0 {
		var minusOne field.Element
		minusOne.Negate(feOne)
		if y.Equal(feOne) == 1 || y.Equal(&minusOne) == 1 {
			return nil, false // x = 0 with the sign bit set
		}
	}
	return y, true
}

// verifyGroup checks items by one batch equation; when it fails, by halves.
// A group of at most batchMinSplit items is verified one by one: for so few,
// an equation (its 256 doublings) costs about as much as they do.
func verifyGroup(g []batchEntry, items []BatchItem, ok []bool) {
	if len(g) <= batchMinSplit {
		for _, e := range g {
			it := &items[e.index]
			ok[e.index] = verifyOne(it.Public, it.Message, it.Signature)
		}
		return
	}
	if batchEquation(g) {
		for _, e := range g {
			ok[e.index] = true
		}
		return
	}
	verifyGroup(g[:len(g)/2], items, ok)
	verifyGroup(g[len(g)/2:], items, ok)
}

// batchEquation reports [8]([Σ z_i s_i]B − Σ[z_i]R_i − Σ_keys[Σ z_i k_i]A) = O
// for fresh random 128-bit z_i.
func batchEquation(g []batchEntry) bool {
	scalars := make([]*edwards25519.Scalar, 0, len(g)+2)
	points := make([]*edwards25519.Point, 0, len(g)+2)
	bScalar := edwards25519.NewScalar()
	scalars = append(scalars, bScalar)
	points = append(points, edwards25519.NewGeneratorPoint())
	keyScalars := make(map[*batchKey]*edwards25519.Scalar, 4)

	zb := make([]byte, 16*len(g))
	rand.Read(zb) // never fails (crypto/rand)
	var buf [32]byte
	for i, e := range g {
		copy(buf[:16], zb[16*i:16*i+16]) // buf[16:] stays zero: z < 2¹²⁸ < ℓ
		z, err := edwards25519.NewScalar().SetCanonicalBytes(buf[:])
		if err != nil {
			return false
		}
		bScalar.MultiplyAdd(z, e.s, bScalar)
		ks := keyScalars[e.key]
		if ks == nil {
			ks = edwards25519.NewScalar()
			keyScalars[e.key] = ks
		}
		ks.MultiplyAdd(z, e.k, ks)
		scalars = append(scalars, z.Negate(z))
		points = append(points, e.r)
	}
	for key, ks := range keyScalars {
		scalars = append(scalars, ks.Negate(ks))
		points = append(points, key.point)
	}
	sum := new(edwards25519.Point).VarTimeMultiScalarMult(scalars, points)
	sum.MultByCofactor(sum)
	return sum.Equal(edwards25519.NewIdentityPoint()) == 1
}

// The constants of the batch equation, as bytes: computing them (an
// inversion, square roots) at package initialisation cost every start of the
// program — `--help` too — 0.05 ms (issue 26). TestBatchConstants derives each
// from its definition.
var (
	scalarOne = func() *edwards25519.Scalar {
		var b [32]byte
		b[0] = 1
		s, _ := edwards25519.NewScalar().SetCanonicalBytes(b[:])
		return s
	}()
	feOne = new(field.Element).One()
	// feD is the curve constant d = −121665/121666; feDPlusOne is d + 1.
	feD        = feConst("a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352")
	feDPlusOne = feConst("a4785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352")
)

// feConst is a field element from its 32 bytes, little-endian, in hex.
func feConst(h string) *field.Element {
	b, err := hex.DecodeString(h)
	if err != nil {
		panic(err)
	}
	e, err := new(field.Element).SetBytes(b)
	if err != nil {
		panic(err)
	}
	return e
}

// inPrimeOrderSubgroup tells whether the curve point with y-coordinate y0 lies
// in the subgroup of order ℓ (free), or that this test cannot decide (!sure:
// a zero where the formulas below divide, which happens only for a few fixed
// points, the small-order ones among them; the caller verifies such items
// one by one). The sign of x does not matter: −P is in the subgroup when P is.
//
// The group E(F_p) of edwards25519 is cyclic of order 8ℓ, so P is in the
// subgroup of order ℓ exactly when P ∈ 8E, when P can be halved three times.
// With a = −1, doubling Q = (x, y) gives
//
//	X = 2xy/(y² − x²),  Y = (x² + y²)/(2 − (y² − x²)),
//
// hence 1 + X² = ((x² + y²)/(y² − x²))² is a square when P = 2Q. Conversely,
// if S² = 1 + X² for some S in F_p, then m = y² − x² and n = x² + y² satisfy
// n = S·m and n = Y(2 − m), so
//
//	x² = Y(S − 1)/(S + Y),  y² = b = Y(S + 1)/(S + Y)
//
// for one of the two signs of S. The values of b for the two signs multiply
// to −1/d (by the curve equation Y² − X² = 1 + dX²Y²), which is not a square
// since d is not and −1 is: exactly one sign gives a square b, and then x² is
// a square too (x²·y² = (XY/(S + Y))²), so a half Q = (x, y) of P lies in
// E(F_p). So P ∈ 2E ⇔ 1 + X² is a square. The two halves of P in E(F_p)
// differ by the point of order 2, which lies in 4E, so either will do:
// P ∈ 8E ⇔ P ∈ 2E, its half Q₁ ∈ 2E and Q₁'s half Q₂ ∈ 2E.
//
// For P itself 1 + X² = Y²(1 + d)/(dY² + 1); for a half, 1 + x² =
// S(1 + Y)/(S + Y). Four exponentiations in all:
//  1. S₀ = √(1 + X₀²); not a square: P ∉ 2E.
//  2. y₁ = √b₁ for the sign of S₀ that makes b₁ a square. When SqrtRatio
//     finds b₁ not a square it returns r with r² = i·b₁ (i = √−1, not a
//     square), and the other sign's b₁' = −1/(d·b₁) = −i/(d·r²), whose root
//     is c/r with the constant c = √(−i/d): one root either way.
//  3. S₁ = √(1 + x₁²); not a square: Q₁ ∉ 2E.
//  4. Q₂ ∈ 2E ⇔ 1 + x₂² is a square for the sign of S₁ whose b₂ is a square.
//     Both signs' values of 1 + x₂² multiply to −S₁²(1 + y₁)²/(d·x₁²·y₁²),
//     not a square, as do both signs' b₂; so the answer is the Legendre
//     symbol of b₂·(1 + x₂²) = y₁·S₁·(S₁ + 1)(1 + y₁)/(S₁ + y₁)² for either
//     sign, which needs no choosing.
//
// TestSubgroupByHalvingAgreesWithOrder compares this with [ℓ]P = O for points
// with each of the 8 torsion parts; a scalar multiplication for [ℓ]P would
// cost about as much as ed25519.Verify.
func inPrimeOrderSubgroup(y0 *field.Element) (free, sure bool) {
	var zero, t, u, v field.Element
	isZero := func(e *field.Element) bool { return e.Equal(&zero) == 1 }
	// Degenerate points: y = 0, x = 0 (y = ±1).
	t.Square(y0)
	if isZero(y0) || t.Equal(feOne) == 1 {
		return false, false
	}
	// 1. S₀² = y₀²(1 + d)/(d·y₀² + 1); the denominator is never zero.
	u.Multiply(&t, feDPlusOne)
	v.Multiply(&t, feD)
	v.Add(&v, feOne)
	s0, sq := new(field.Element).SqrtRatio(&u, &v)
	if sq == 0 {
		return false, true // P ∉ 2E
	}
	// 2. y₁ = yn/yd; b₁ = y₀(S₀ + 1)/(S₀ + y₀).
	if isZero(t.Add(s0, y0)) || isZero(t.Subtract(s0, y0)) {
		return false, false
	}
	u.Add(s0, feOne)
	u.Multiply(&u, y0)
	v.Add(s0, y0)
	var yn, yd field.Element
	r, sq := new(field.Element).SqrtRatio(&u, &v)
	if sq == 1 {
		yn.Set(r)
		yd.One()
	} else {
		s0.Negate(s0)
		yn.Set(feHalfConst)
		yd.Set(r)
	}
	// x₁² = y₀(S₀ − 1)/(S₀ + y₀) must not be 0; y₁ ∉ {0, −1}.
	if isZero(t.Subtract(s0, feOne)) || isZero(&yn) || isZero(&yd) || isZero(t.Add(&yn, &yd)) {
		return false, false
	}
	// 3. S₁² = S₀(1 + y₀)/(S₀ + y₀).
	u.Add(feOne, y0)
	u.Multiply(&u, s0)
	v.Add(s0, y0)
	s1, sq := new(field.Element).SqrtRatio(&u, &v)
	if sq == 0 {
		return false, true // Q₁ ∉ 2E
	}
	// 4. Legendre symbol of y₁·S₁·(S₁ + 1)(1 + y₁) = yn(yn + yd)·S₁(S₁ + 1)/yd².
	// Degenerate: S₁ ∈ {0, −1}, S₁ = ±y₁.
	var s1yd field.Element
	s1yd.Multiply(s1, &yd)
	if isZero(s1) || isZero(t.Add(s1, feOne)) || isZero(t.Add(&s1yd, &yn)) || isZero(t.Subtract(&s1yd, &yn)) {
		return false, false
	}
	u.Add(&yn, &yd)
	u.Multiply(&u, &yn)
	u.Multiply(&u, s1)
	t.Add(s1, feOne)
	u.Multiply(&u, &t)
	_, sq = t.SqrtRatio(&u, feOne)
	return sq == 1, true
}

// feHalfConst is c = √(−i/d), where i is the square root of −1 that
// SqrtRatio multiplies by when u/v is not a square (see
// inPrimeOrderSubgroup, step 2): 2 is not a square, so SqrtRatio(2, 1) gives
// r with r² = 2i.
var feHalfConst = feConst("fecfae60bf5af7cc30c9a9fe2271a90a0717c17db2eba36a43d39072f38d990d")
