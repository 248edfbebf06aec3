package seal

import (
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"filippo.io/edwards25519"
	"pgregory.net/rapid"

	"rueckgabe/internal/cputime"
)

// mustHexB decodes test constants.
func mustHexB(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// RFC 8032 section 7.1, TEST 1, 2, 3: seed, public key, message, signature.
var rfc8032Vectors = [][4]string{
	{"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
		"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
		"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
	{"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
		"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
		"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
	{"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
		"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
		"6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
}

func TestVerifyBatchRFC8032(t *testing.T) {
	var items []BatchItem
	for _, v := range rfc8032Vectors {
		priv := ed25519.NewKeyFromSeed(mustHexB(v[0]))
		pub, msg, sig := mustHexB(v[1]), mustHexB(v[2]), mustHexB(v[3])
		if got := ed25519.Sign(priv, msg); hex.EncodeToString(got) != v[3] {
			t.Fatalf("vector %s: signature differs from the RFC", v[1][:8])
		}
		items = append(items, BatchItem{pub, msg, sig})
		bad := append([]byte{}, msg...)
		bad = append(bad, 0)
		items = append(items, BatchItem{pub, bad, sig})
	}
	got := VerifyBatch(items)
	for i := range items {
		if want := i%2 == 0; got[i] != want {
			t.Errorf("item %d: got %v, want %v", i, got[i], want)
		}
	}
}

// batchKeys makes n deterministic key pairs.
func batchKeys(n int, seed byte) ([]ed25519.PublicKey, []ed25519.PrivateKey) {
	pubs := make([]ed25519.PublicKey, n)
	privs := make([]ed25519.PrivateKey, n)
	for i := range n {
		s := make([]byte, 32)
		s[0], s[1] = seed, byte(i)
		privs[i] = ed25519.NewKeyFromSeed(s)
		pubs[i] = privs[i].Public().(ed25519.PublicKey)
	}
	return pubs, privs
}

func validBatch(rng *rand.Rand, n, nkeys int) []BatchItem {
	pubs, privs := batchKeys(nkeys, byte(nkeys))
	items := make([]BatchItem, n)
	for i := range items {
		k := rng.IntN(nkeys)
		msg := fmt.Appendf(nil, "protocol %d %d", i, rng.Uint64())
		items[i] = BatchItem{pubs[k], msg, ed25519.Sign(privs[k], msg)}
	}
	return items
}

// TestVerifyBatchRandom: valid batches of several sizes and key counts are
// all true; with signatures, messages or keys corrupted at random places,
// exactly those are false.
func TestVerifyBatchRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	other, _ := batchKeys(1, 99)
	for _, n := range []int{1, 2, 63, 64, 65, 200} {
		for nkeys := 1; nkeys <= 5; nkeys++ {
			items := validBatch(rng, n, nkeys)
			for i, ok := range VerifyBatch(items) {
				if !ok {
					t.Fatalf("n=%d keys=%d: valid item %d false", n, nkeys, i)
				}
			}
			bad := map[int]bool{}
			for range 1 + rng.IntN(min(n, 6)) {
				i := rng.IntN(n)
				if bad[i] {
					continue
				}
				bad[i] = true
				it := &items[i]
				switch rng.IntN(4) {
				case 0: // a bit of R
					it.Signature = append([]byte{}, it.Signature...)
					it.Signature[rng.IntN(32)] ^= 1 << rng.IntN(8)
				case 1: // a bit of s (low bytes: stays < ℓ)
					it.Signature = append([]byte{}, it.Signature...)
					it.Signature[32+rng.IntN(16)] ^= 1 << rng.IntN(8)
				case 2:
					it.Message = append(append([]byte{}, it.Message...), '!')
				case 3:
					it.Public = other[0]
				}
			}
			got := VerifyBatch(items)
			for i := range items {
				if got[i] == bad[i] {
					t.Errorf("n=%d keys=%d item %d: got %v, corrupted %v", n, nkeys, i, got[i], bad[i])
				}
			}
		}
	}
}

// smallOrderHex are the encodings of the 8 points of E[8]: identity, order 2,
// two of order 4, four of order 8.
var smallOrderHex = []string{
	"0100000000000000000000000000000000000000000000000000000000000000",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"0000000000000000000000000000000000000000000000000000000000000000",
	"0000000000000000000000000000000000000000000000000000000000000080",
	"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
	"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
	"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
	"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
}

func smallOrderPoints(t testing.TB) []*edwards25519.Point {
	t.Helper()
	var pts []*edwards25519.Point
	seen := map[string]bool{}
	for _, h := range smallOrderHex {
		p, err := new(edwards25519.Point).SetBytes(mustHexB(h))
		if err != nil {
			t.Fatal(h, err)
		}
		if e := new(edwards25519.Point).MultByCofactor(p); e.Equal(edwards25519.NewIdentityPoint()) != 1 {
			t.Fatal(h, "is not of small order")
		}
		seen[string(p.Bytes())] = true
		pts = append(pts, p)
	}
	if len(seen) != 8 {
		t.Fatal("the small-order points are not 8 distinct points")
	}
	return pts
}

// order8 returns a generator of E[8] and its multiples 0..7.
func order8(t testing.TB) []*edwards25519.Point {
	pts := smallOrderPoints(t)
	g := pts[4]
	mult := []*edwards25519.Point{edwards25519.NewIdentityPoint()}
	for j := 1; j < 8; j++ {
		mult = append(mult, new(edwards25519.Point).Add(mult[j-1], g))
	}
	if new(edwards25519.Point).Add(mult[7], g).Equal(edwards25519.NewIdentityPoint()) != 1 ||
		mult[4].Equal(edwards25519.NewIdentityPoint()) == 1 {
		t.Fatal("not a point of order 8")
	}
	return mult
}

// torsionFreeByOrder is [ℓ]P = O.
func torsionFreeByOrder(p *edwards25519.Point) bool {
	minusOne := edwards25519.NewScalar().Subtract(edwards25519.NewScalar(), scalarOne)
	q := new(edwards25519.Point).ScalarMult(minusOne, p)
	return q.Add(q, p).Equal(edwards25519.NewIdentityPoint()) == 1
}

func randScalar(rng *rand.Rand) *edwards25519.Scalar {
	var b [64]byte
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	s, _ := edwards25519.NewScalar().SetUniformBytes(b[:])
	return s
}

func subgroupByHalving(t *testing.T, p *edwards25519.Point) (free, sure bool) {
	t.Helper()
	y, ok := canonicalY(p.Bytes())
	if !ok {
		t.Fatal("canonical encoding not canonical")
	}
	return inPrimeOrderSubgroup(y)
}

// TestSubgroupByHalvingAgreesWithOrder: the halving test says "in the
// subgroup of order ℓ" for a point exactly when [ℓ]P = O, for points with
// each of the 8 torsion parts, for the small-order points themselves and for
// points decoded from random bytes.
func TestSubgroupByHalvingAgreesWithOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tors := order8(t)
	unsure := 0
	for range 40 {
		base := new(edwards25519.Point).ScalarBaseMult(randScalar(rng))
		for j, tj := range tors {
			p := new(edwards25519.Point).Add(base, tj)
			free, sure := subgroupByHalving(t, p)
			if !sure {
				unsure++
				continue
			}
			if free != (j == 0) || free != torsionFreeByOrder(p) {
				t.Fatalf("torsion part %d: halving says %v", j, free)
			}
		}
	}
	if unsure > 0 {
		t.Errorf("%d random points undecided", unsure)
	}
	for _, p := range smallOrderPoints(t) {
		free, sure := subgroupByHalving(t, p)
		if sure && free != torsionFreeByOrder(p) {
			t.Errorf("%x: halving says %v", p.Bytes(), free)
		}
	}
	decoded := 0
	for decoded < 200 {
		var b [32]byte
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		b[31] &= 0x7f
		p, err := new(edwards25519.Point).SetBytes(b[:])
		if err != nil {
			continue
		}
		decoded++
		free, sure := subgroupByHalving(t, p)
		if sure && free != torsionFreeByOrder(p) {
			t.Fatalf("%x: halving says %v", b, free)
		}
	}
}

// signWith makes s = r + H(R‖A‖M)·a for chosen R bytes, A bytes and scalars,
// as a signer would who controls them.
func signWith(rBytes, aBytes, msg []byte, r, a *edwards25519.Scalar) []byte {
	h := sha512.New()
	h.Write(rBytes)
	h.Write(aBytes)
	h.Write(msg)
	k, _ := edwards25519.NewScalar().SetUniformBytes(h.Sum(nil))
	s := edwards25519.NewScalar().MultiplyAdd(k, a, r)
	return append(append([]byte{}, rBytes...), s.Bytes()...)
}

// cofactoredAccepts is the single cofactored equation [8]([s]B − R − [k]A) = O.
func cofactoredAccepts(pub, msg, sig []byte) bool {
	A, err := new(edwards25519.Point).SetBytes(pub)
	if err != nil {
		return false
	}
	R, err := new(edwards25519.Point).SetBytes(sig[:32])
	if err != nil {
		return false
	}
	s, err := edwards25519.NewScalar().SetCanonicalBytes(sig[32:])
	if err != nil {
		return false
	}
	h := sha512.New()
	h.Write(sig[:32])
	h.Write(pub)
	h.Write(msg)
	k, _ := edwards25519.NewScalar().SetUniformBytes(h.Sum(nil))
	d := new(edwards25519.Point).ScalarBaseMult(s)
	d.Subtract(d, R)
	d.Subtract(d, new(edwards25519.Point).ScalarMult(k, A))
	return d.MultByCofactor(d).Equal(edwards25519.NewIdentityPoint()) == 1
}

// special is a signature VerifyBatch must judge as ed25519.Verify does.
type special struct {
	name string
	item BatchItem
	want bool // what ed25519.Verify says (checked)
	// cofactored: the cofactored equation accepts it, so only the subgroup
	// and encoding checks keep the batch from saying true.
	cofactored bool
}

// specials builds signatures with small-order and non-canonical R and A.
func specials(t testing.TB, rng *rand.Rand) []special {
	tors := order8(t)
	a := randScalar(rng)
	A := new(edwards25519.Point).ScalarBaseMult(a)
	aBytes := A.Bytes()
	var out []special
	add := func(name string, pub, msg, sig []byte) {
		it := BatchItem{pub, msg, sig}
		out = append(out, special{name, it, ed25519.Verify(pub, msg, sig), cofactoredAccepts(pub, msg, sig)})
	}
	for j := 1; j < 8; j++ {
		msg := fmt.Appendf(nil, "torsion %d", j)
		r := randScalar(rng)
		R := new(edwards25519.Point).ScalarBaseMult(r)
		// R' = R + T, s for R': cofactored verification accepts it.
		rt := new(edwards25519.Point).Add(R, tors[j]).Bytes()
		add(fmt.Sprintf("R+T%d", j), aBytes, msg, signWith(rt, aBytes, msg, r, a))
		// A' = A + T, signed with a: accepted by Go only when [k]T = O.
		at := new(edwards25519.Point).Add(A, tors[j]).Bytes()
		for m := range 16 {
			msg := fmt.Appendf(nil, "key torsion %d %d", j, m)
			add(fmt.Sprintf("A+T%d/%d", j, m), at, msg, signWith(R.Bytes(), at, msg, r, a))
		}
		// R is the small-order point itself.
		add(fmt.Sprintf("R=T%d", j), aBytes, msg, signWith(tors[j].Bytes(), aBytes, msg, edwards25519.NewScalar(), a))
	}
	for i, h := range smallOrderHex {
		// A of small order, s = r: valid for Go when [k]A = O.
		pub := mustHexB(h)
		for m := range 8 {
			msg := fmt.Appendf(nil, "small key %d %d", i, m)
			r := randScalar(rng)
			R := new(edwards25519.Point).ScalarBaseMult(r)
			add(fmt.Sprintf("A=%s/%d", h[:6], m), pub, msg, signWith(R.Bytes(), pub, msg, r, edwards25519.NewScalar()))
		}
	}
	// R = identity, s = k·a: valid (the identity is torsion-free).
	id := edwards25519.NewIdentityPoint().Bytes()
	add("R=O", aBytes, []byte("identity"), signWith(id, aBytes, []byte("identity"), edwards25519.NewScalar(), a))
	// R = identity encoded non-canonically (y = p + 1; and x = 0 with the
	// sign bit): Go compares bytes and rejects, decoding would accept.
	yp1 := mustHexB("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
	add("R=O as y=p+1", aBytes, []byte("nc1"), signWith(yp1, aBytes, []byte("nc1"), edwards25519.NewScalar(), a))
	idNeg := append([]byte{}, id...)
	idNeg[31] |= 0x80
	add("R=O with sign bit", aBytes, []byte("nc2"), signWith(idNeg, aBytes, []byte("nc2"), edwards25519.NewScalar(), a))
	// A = identity, canonical and non-canonical: valid when R = [s]B.
	for name, pub := range map[string][]byte{"A=O": id, "A=O as y=p+1": yp1, "A=O with sign bit": idNeg} {
		r := randScalar(rng)
		R := new(edwards25519.Point).ScalarBaseMult(r)
		add(name, pub, []byte(name), signWith(R.Bytes(), pub, []byte(name), r, edwards25519.NewScalar()))
	}
	// s ≥ ℓ: s + ℓ still fits in 253 bits; reduced it would verify.
	msg := []byte("s plus l")
	r := randScalar(rng)
	sig := signWith(new(edwards25519.Point).ScalarBaseMult(r).Bytes(), aBytes, msg, r, a)
	add("s+l", aBytes, msg, addL(sig))
	// R not on the curve.
	bad := append([]byte{}, sig...)
	for {
		bad[0]++
		if _, err := new(edwards25519.Point).SetBytes(bad[:32]); err != nil {
			break
		}
	}
	add("R invalid", aBytes, msg, bad)
	return out
}

// addL returns the signature with ℓ added to s.
func addL(sig []byte) []byte {
	l := mustHexB("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
	out := append([]byte{}, sig...)
	carry := 0
	for i := range 32 {
		v := int(out[32+i]) + int(l[i]) + carry
		out[32+i] = byte(v)
		carry = v >> 8
	}
	return out
}

// TestVerifyBatchSmallOrderAndNonCanonical: signatures with torsion in R or
// A, small-order points, non-canonical encodings and s ≥ ℓ come out as
// ed25519.Verify says — among them R' = R + T, which the cofactored batch
// equation alone accepts and Go rejects — mixed into a batch of valid ones.
func TestVerifyBatchSmallOrderAndNonCanonical(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	sp := specials(t, rng)
	items := validBatch(rng, 130, 2)
	which := make([]int, len(items)) // index into sp, or -1
	for i := range which {
		which[i] = -1
	}
	for i, s := range sp {
		items = append(items, s.item)
		which = append(which, i)
	}
	rng.Shuffle(len(items), func(i, j int) {
		items[i], items[j] = items[j], items[i]
		which[i], which[j] = which[j], which[i]
	})
	got := VerifyBatch(items)
	trapped, validSpecial := 0, 0
	for i, g := range got {
		si := which[i]
		if si < 0 {
			if !g {
				t.Errorf("valid item %d false", i)
			}
			continue
		}
		s := sp[si]
		if g != s.want {
			t.Errorf("%s: VerifyBatch %v, ed25519.Verify %v (cofactored %v)", s.name, g, s.want, s.cofactored)
		}
		if s.cofactored && !s.want {
			trapped++
		}
		if s.want {
			validSpecial++
		}
	}
	// The cases must include ones the cofactored equation gets wrong, and
	// valid ones with unusual keys and R.
	for _, s := range sp {
		if s.name == "R+T4" && !(s.cofactored && !s.want) {
			t.Errorf("R+T4 is not a cofactored-only signature")
		}
	}
	t.Logf("%d special cases: %d accepted by the cofactored equation only, %d valid", len(sp), trapped, validSpecial)
	if trapped < 20 || validSpecial < 10 {
		t.Errorf("only %d cofactored-only and %d valid special cases", trapped, validSpecial)
	}
}

// TestVerifyBatchOddInput: a public key of the wrong length is false (no
// panic), a short signature false, an empty batch empty.
func TestVerifyBatchOddInput(t *testing.T) {
	pubs, privs := batchKeys(1, 7)
	sig := ed25519.Sign(privs[0], []byte("m"))
	got := VerifyBatch([]BatchItem{
		{pubs[0][:31], []byte("m"), sig},
		{pubs[0], []byte("m"), sig[:63]},
		{nil, nil, nil},
		{pubs[0], []byte("m"), sig},
	})
	if got[0] || got[1] || got[2] || !got[3] {
		t.Errorf("got %v", got)
	}
	if len(VerifyBatch(nil)) != 0 {
		t.Error("empty batch")
	}
}

// TestVerifyBatchAgreesWithVerify: random batches of valid and damaged
// signatures, item by item as ed25519.Verify says.
func TestVerifyBatchAgreesWithVerify(t *testing.T) {
	pubs, privs := batchKeys(5, 11)
	tors := order8(t)
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 140).Draw(rt, "n")
		nkeys := rapid.IntRange(1, 5).Draw(rt, "keys")
		items := make([]BatchItem, n)
		for i := range items {
			k := rapid.IntRange(0, nkeys-1).Draw(rt, "key")
			msg := rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(rt, "msg")
			it := BatchItem{pubs[k], msg, ed25519.Sign(privs[k], msg)}
			switch rapid.IntRange(0, 9).Draw(rt, "damage") {
			case 1:
				it.Signature[rapid.IntRange(0, 63).Draw(rt, "byte")] ^= byte(rapid.IntRange(1, 255).Draw(rt, "xor"))
			case 2:
				it.Message = append(it.Message, rapid.Byte().Draw(rt, "extra"))
			case 3:
				it.Public = pubs[(k+1)%len(pubs)]
			case 4:
				it.Signature = addL(it.Signature)
			case 5: // R + T with s unchanged
				R, err := new(edwards25519.Point).SetBytes(it.Signature[:32])
				if err == nil {
					R.Add(R, tors[rapid.IntRange(1, 7).Draw(rt, "t")])
					copy(it.Signature, R.Bytes())
				}
			case 6:
				copy(it.Signature, mustHexB(smallOrderHex[rapid.IntRange(0, 7).Draw(rt, "so")]))
			case 7:
				it.Public = mustHexB(smallOrderHex[rapid.IntRange(0, 7).Draw(rt, "so")])
			}
			items[i] = it
		}
		got := VerifyBatch(items)
		for i, it := range items {
			if want := ed25519.Verify(it.Public, it.Message, it.Signature); got[i] != want {
				rt.Fatalf("item %d: VerifyBatch %v, ed25519.Verify %v", i, got[i], want)
			}
		}
	})
}

// BenchmarkBatch: per-signature CPU time (and wall time) of VerifyBatch
// against ed25519.Verify one by one, same signatures, same run. CPU time,
// because the machine is shared: wall time measures the neighbours too.
func BenchmarkBatch(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	report := func(b *testing.B, m cputime.Meter, n int) {
		wall, cpu := m.Stop()
		sigs := float64(b.N * n)
		b.ReportMetric(float64(cpu.Nanoseconds())/sigs/1000, "cpu-µs/sig")
		b.ReportMetric(float64(wall.Nanoseconds())/sigs/1000, "µs/sig")
	}
	for _, n := range []int{64, 256} {
		for _, nkeys := range []int{1, 10} {
			items := validBatch(rng, n, nkeys)
			name := fmt.Sprintf("n=%d/keys=%d", n, nkeys)
			b.Run(name+"/batch", func(b *testing.B) {
				m := cputime.Start()
				for b.Loop() {
					for i, ok := range VerifyBatch(items) {
						if !ok {
							b.Fatal("false", i)
						}
					}
				}
				report(b, m, n)
			})
			b.Run(name+"/single", func(b *testing.B) {
				m := cputime.Start()
				for b.Loop() {
					for _, it := range items {
						if !ed25519.Verify(it.Public, it.Message, it.Signature) {
							b.Fatal("false")
						}
					}
				}
				report(b, m, n)
			})
		}
	}
}

// countSingles counts the items VerifyBatch hands to ed25519.Verify.
func countSingles(t *testing.T) *atomic.Int64 {
	n := new(atomic.Int64)
	verifyOne = func(pub ed25519.PublicKey, msg, sig []byte) bool {
		n.Add(1)
		return ed25519.Verify(pub, msg, sig)
	}
	t.Cleanup(func() { verifyOne = ed25519.Verify })
	return n
}

// TestVerifyBatchUsesTheBatch: valid signatures are decided by the batch
// equation, none one by one; one bad signature among 256 costs a handful of
// single verifications (the halving of failed groups), not a group's worth.
func TestVerifyBatchUsesTheBatch(t *testing.T) {
	singles := countSingles(t)
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{65, 200, 256} {
		for _, nkeys := range []int{1, 3, 10} {
			singles.Store(0)
			items := validBatch(rng, n, nkeys)
			for i, ok := range VerifyBatch(items) {
				if !ok {
					t.Fatalf("n=%d keys=%d: item %d false", n, nkeys, i)
				}
			}
			if singles.Load() != 0 {
				t.Errorf("n=%d keys=%d: %d valid signatures verified one by one", n, nkeys, singles.Load())
			}
			singles.Store(0)
			bad := rng.IntN(n)
			items[bad].Message = append(items[bad].Message, 'x')
			for i, ok := range VerifyBatch(items) {
				if ok == (i == bad) {
					t.Fatalf("n=%d keys=%d: item %d %v", n, nkeys, i, ok)
				}
			}
			if singles.Load() > 2*batchMinSplit {
				t.Errorf("n=%d keys=%d: one bad signature cost %d single verifications", n, nkeys, singles.Load())
			}
		}
	}
}

// TestVerifyBatchInParts: spread over 3 goroutines, 1,700 signatures of 3
// keys with some bad ones come out as ed25519.Verify says, and the valid ones
// all by the batch equation.
func TestVerifyBatchInParts(t *testing.T) {
	singles := countSingles(t)
	rng := rand.New(rand.NewPCG(11, 12))
	items := validBatch(rng, 1700, 3)
	bad := map[int]bool{}
	for range 5 {
		i := rng.IntN(len(items))
		bad[i] = true
		items[i].Signature = append([]byte{}, items[i].Signature...)
		items[i].Signature[40] ^= 4
	}
	got := verifyBatch(items, 3)
	for i := range items {
		if got[i] == bad[i] {
			t.Errorf("item %d: got %v, bad %v", i, got[i], bad[i])
		}
	}
	if n := singles.Load(); n > int64(len(bad)*2*batchMinSplit) {
		t.Errorf("%d single verifications for %d bad signatures", n, len(bad))
	}
}

// BenchmarkSignatures10k: 10,000 signatures of 3 keys, as a bulk path has
// them, by VerifyBatch (up to GOMAXPROCS goroutines), by VerifyBatch on one
// goroutine, and by ed25519.Verify one by one; wall and CPU time per run.
func BenchmarkSignatures10k(b *testing.B) {
	items := validBatch(rand.New(rand.NewPCG(13, 14)), 10_000, 3)
	report := func(b *testing.B, m cputime.Meter) {
		wall, cpu := m.Stop()
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
		b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "ms/op")
	}
	run := func(name string, verify func() []bool) {
		b.Run(name, func(b *testing.B) {
			m := cputime.Start()
			for b.Loop() {
				for i, ok := range verify() {
					if !ok {
						b.Fatal("false", i)
					}
				}
			}
			report(b, m)
		})
	}
	run("batch", func() []bool { return VerifyBatch(items) })
	run("batch-1-goroutine", func() []bool { return verifyBatch(items, 1) })
	run("single", func() []bool {
		ok := make([]bool, len(items))
		for i, it := range items {
			ok[i] = ed25519.Verify(it.Public, it.Message, it.Signature)
		}
		return ok
	})
}
