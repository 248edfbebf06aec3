package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set at build time by scripts/release:
//
//	-ldflags "-X main.version=1.2.0 -X main.commit=<sha> -X main.date=<RFC 3339>"
//
// Left empty, they come from what the Go toolchain stamped into the binary
// (debug.ReadBuildInfo: the module version, vcs.revision, vcs.time).
var (
	version string
	commit  string
	date    string
)

// devVersion names a build without a version: go run, go build from a work tree.
const devVersion = "0.1.0-dev"

// buildInfo is what --version prints.
type buildInfo struct {
	Version, Commit, Date, Go string
}

// readBuildInfo resolves the version, ldflags first, then the toolchain's stamp.
func readBuildInfo() buildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return resolveBuildInfo(bi, version, commit, date)
}

func resolveBuildInfo(bi *debug.BuildInfo, ldVersion, ldCommit, ldDate string) buildInfo {
	out := buildInfo{Version: ldVersion, Commit: ldCommit, Date: ldDate, Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		if out.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			out.Version = bi.Main.Version
		}
		var modified bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if out.Commit == "" {
					out.Commit = s.Value
				}
			case "vcs.time":
				if out.Date == "" {
					out.Date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && ldCommit == "" && out.Commit != "" {
			out.Commit += " (mit lokalen Änderungen / modified)"
		}
		if bi.GoVersion != "" {
			out.Go = bi.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
		}
	}
	if out.Version == "" {
		out.Version = devVersion
	}
	for _, f := range []*string{&out.Commit, &out.Date} {
		if *f == "" {
			*f = "unbekannt / unknown"
		}
	}
	return out
}

// String is the --version text.
func (b buildInfo) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "rueckgabe %s\n", b.Version)
	fmt.Fprintf(&sb, "commit: %s\n", b.Commit)
	fmt.Fprintf(&sb, "date:   %s\n", b.Date)
	fmt.Fprintf(&sb, "go:     %s\n", b.Go)
	return sb.String()
}
