package problem

import "testing"

func TestProblemLinesAndPaths(t *testing.T) {
	var ps Problems
	ps.Add("findings[2].costs.parts", "%q is not an amount", "12,5x")
	ps.Both("vehicle.vin", "has 16 characters", "hat 16 Zeichen")
	ps = ps.Merge(Problems{{Path: "vehicle.vin", Msg: "again"}, {Path: "return.date", Msg: "missing"}})
	want := "findings[2].costs.parts: \"12,5x\" is not an amount\nvehicle.vin: has 16 characters\nreturn.date: missing"
	if ps.Error() != want {
		t.Fatalf("got\n%s", ps.Error())
	}
	if ps[1].German() != "hat 16 Zeichen" || ps[0].German() != ps[0].Msg {
		t.Fatal("German")
	}
	if got := ps.At("findings[2]"); len(got) != 1 || len(ps.At("findings")) != 1 || len(ps.At("finding")) != 0 {
		t.Fatalf("At: %v", got)
	}
	file := Problem{File: "lessor.json", Path: "rows[0]", Msg: "bad"}
	if file.Error() != "lessor.json: rows[0]: bad" || (Problem{File: "f.json", Msg: "not JSON"}).Error() != "f.json: not JSON" {
		t.Fatalf("file lines: %q", file.Error())
	}
}
