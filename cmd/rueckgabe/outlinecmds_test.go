package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProfilesCheckValidatesAnOutline(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join("..", "..", "catalog", "data", "outlines", "suv.json"))
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "suv.json")
	if err := os.WriteFile(f, good, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI(t, "", "--data", dir, "profiles", "check", f); code != 0 || !strings.Contains(out, "ok outline suv@1 (SUV): 6 views,") {
		t.Fatalf("good outline: %d %s %s", code, out, errOut)
	}
	bad := strings.Replace(string(good), `["Tür vorn links"`, `["Flügeltür links"`, 1)
	if err := os.WriteFile(f, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "--data", dir, "profiles", "check", f)
	if code != exitInvalid || out != "" || !strings.Contains(errOut, `"Flügeltür links" is not a part of catalogue bmw-fs-2012@2`) {
		t.Fatalf("bad outline: %d %q %q", code, out, errOut)
	}
}
