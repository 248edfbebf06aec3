package seal

import (
	"testing"

	"filippo.io/edwards25519/field"
)

// TestBatchConstants derives the constants batch.go keeps as bytes from their
// definitions: d = −121665/121666, d + 1, and c = √(−i/d) with i the square
// root of −1 that SqrtRatio uses (r² = 2i for r = SqrtRatio(2, 1)).
func TestBatchConstants(t *testing.T) {
	var n, m [32]byte
	n[0], n[1], n[2] = 0x41, 0xdb, 0x01 // 121665
	m[0], m[1], m[2] = 0x42, 0xdb, 0x01 // 121666
	d, _ := new(field.Element).SetBytes(n[:])
	q, _ := new(field.Element).SetBytes(m[:])
	q.Invert(q)
	d.Multiply(d, q)
	d.Negate(d)
	if d.Equal(feD) != 1 {
		t.Errorf("feD is not −121665/121666")
	}
	if new(field.Element).Add(d, feOne).Equal(feDPlusOne) != 1 {
		t.Errorf("feDPlusOne is not d + 1")
	}

	var two, i, u, half field.Element
	two.Add(feOne, feOne)
	r, sq := new(field.Element).SqrtRatio(&two, feOne)
	if sq != 0 {
		t.Fatal("2 is a square")
	}
	half.Invert(&two)
	i.Square(r)
	i.Multiply(&i, &half)
	if u.Square(&i); u.Equal(new(field.Element).Negate(feOne)) != 1 {
		t.Fatal("i² ≠ −1")
	}
	u.Negate(&i)
	c, sq := new(field.Element).SqrtRatio(&u, d)
	if sq != 1 {
		t.Fatal("−i/d is not a square")
	}
	if c.Equal(feHalfConst) != 1 {
		t.Errorf("feHalfConst is not √(−i/d)")
	}
}
