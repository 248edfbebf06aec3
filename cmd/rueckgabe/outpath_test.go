package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// -o never replaces a directory, a device or another non-regular file, and
// writes its temporary file beside the target, never one folder up (issue
// 29: "-o /dev/full" replaced the device node, "-o /tmp" wrote into /).
// The nodes are made in a temporary folder: a test never aims at /dev.
func TestOutputRefusesDirectoriesAndDevices(t *testing.T) {
	dir := t.TempDir()
	id := importComplete(t, dir, true)
	if code, _, errOut := runCLI(t, "", "--data", dir, "seal", id); code != 0 {
		t.Fatalf("seal: %s", errOut)
	}
	parent := t.TempDir()
	nodes := map[string]string{} // path → the kind the message names
	sub := filepath.Join(parent, "out")
	os.Mkdir(sub, 0o700)
	nodes[sub] = "is a directory"
	nodes[sub+string(filepath.Separator)] = "is a directory"
	if mkfifo, err := exec.LookPath("mkfifo"); err == nil {
		fifo := filepath.Join(parent, "fifo")
		if exec.Command(mkfifo, fifo).Run() == nil {
			nodes[fifo] = "not a regular file (named pipe)"
		}
	}
	if mknod, err := exec.LookPath("mknod"); err == nil {
		full := filepath.Join(parent, "full") // what /dev/full is: char 1,7 (needs root)
		if exec.Command(mknod, full, "c", "1", "7").Run() == nil {
			nodes[full] = "not a regular file (character device)"
		}
	}
	if len(nodes) < 3 {
		t.Log("no FIFO or device node could be made here: only directories are tested")
	}
	for path, want := range nodes {
		before, _ := os.Stat(path)
		for _, args := range [][]string{
			{"export", id, "-o", path},
			{"export", id, "--format", "bundle", "-o", path},
			{"export", id, "--format", "archive", "-o", path},
			{"key", "-o", path},
		} {
			code, _, errOut := runCLI(t, "", append([]string{"--data", dir}, args...)...)
			if code != 2 || !strings.Contains(errOut, want) {
				t.Errorf("%s: %d %q, want exit 2 and %q", strings.Join(args, " "), code, errOut, want)
			}
			after, err := os.Stat(path)
			if err != nil || after.Mode() != before.Mode() {
				t.Fatalf("%s: the node was replaced: %v → %v (%v)", path, before.Mode(), after, err)
			}
		}
	}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	// a regular file is replaced, a new one created
	existing := filepath.Join(parent, "p.json")
	os.WriteFile(existing, []byte("old"), 0o600)
	for _, path := range []string{existing, filepath.Join(parent, "new.json")} {
		if code, _, errOut := runCLI(t, "", "--data", dir, "export", id, "-o", path); code != 0 {
			t.Fatalf("export -o %s: %s", path, errOut)
		}
		if data, _ := os.ReadFile(path); !strings.Contains(string(data), `"format"`) {
			t.Errorf("%s: %q", path, data)
		}
	}
}
