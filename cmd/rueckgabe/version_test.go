package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func stamped(mainVersion string, settings ...string) *debug.BuildInfo {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "rueckgabe", Version: mainVersion}}
	for i := 0; i+1 < len(settings); i += 2 {
		bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
	}
	return bi
}

func TestVersionFromBuildInfoAndLdflags(t *testing.T) {
	vcs := []string{"vcs", "git", "vcs.revision", "9c3c488eb8cf47627d279b38144c337169e68e12", "vcs.time", "2026-12-02T19:50:01Z", "vcs.modified", "false"}
	cases := []struct {
		name            string
		bi              *debug.BuildInfo
		ldV, ldC, ldD   string
		version, commit string
		date            string
	}{
		{"go build in a checkout", stamped("(devel)", vcs...), "", "", "", devVersion, "9c3c488eb8cf47627d279b38144c337169e68e12", "2026-12-02T19:50:01Z"},
		{"go install module@v1.2.0", stamped("v1.2.0", vcs...), "", "", "", "v1.2.0", "9c3c488eb8cf47627d279b38144c337169e68e12", "2026-12-02T19:50:01Z"},
		{"ldflags win", stamped("v1.2.0", vcs...), "1.3.0", "abcdef", "2027-01-01T00:00:00Z", "1.3.0", "abcdef", "2027-01-01T00:00:00Z"},
		{"modified work tree", stamped("(devel)", "vcs.revision", "abc", "vcs.modified", "true"), "", "", "", devVersion, "abc (mit lokalen Änderungen / modified)", "unbekannt / unknown"},
		{"no build info", nil, "", "", "", devVersion, "unbekannt / unknown", "unbekannt / unknown"},
	}
	for _, c := range cases {
		got := resolveBuildInfo(c.bi, c.ldV, c.ldC, c.ldD)
		if got.Version != c.version || got.Commit != c.commit || got.Date != c.date || got.Go == "" {
			t.Errorf("%s: %+v, want %s %s %s", c.name, got, c.version, c.commit, c.date)
		}
	}
}

// --version prints version, commit and date; -ldflags -X sets them.
func TestVersionFlag(t *testing.T) {
	old := [3]string{version, commit, date}
	t.Cleanup(func() { version, commit, date = old[0], old[1], old[2] })
	version, commit, date = "1.2.0", "0123456789abcdef0123456789abcdef01234567", "2026-12-02T19:50:01Z"
	code, out, _ := runCLI(t, "", "--version")
	want := "rueckgabe 1.2.0\ncommit: 0123456789abcdef0123456789abcdef01234567\ndate:   2026-12-02T19:50:01Z\ngo:     "
	if code != 0 || !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 4 {
		t.Errorf("--version: %d %q", code, out)
	}
}
