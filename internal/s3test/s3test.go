// Package s3test starts a real S3-compatible server for tests: the Versity
// S3 Gateway over a temporary folder (a bucket is a folder in it). .ci/run
// installs it (pinned); a developer runs `go install
// github.com/versity/versitygw/cmd/versitygw@v1.8.0` once. Without it the
// sync tests are skipped, except under CI, where they fail.
package s3test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Access key and secret of the test server's root account.
const (
	AccessKey = "rueckgabe-test"
	SecretKey = "rueckgabe-test-secret"
)

// Server is a running gateway.
type Server struct {
	Root     string // the folder holding the buckets
	Endpoint string // http://127.0.0.1:PORT
	addr     string
	cmd      *exec.Cmd
	tb       testing.TB
}

// Binary finds versitygw on PATH or in the Go bin directory.
func Binary() string {
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, _ := os.UserHomeDir()
		gopath = filepath.Join(home, "go")
	}
	p := filepath.Join(gopath, "bin", "versitygw")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// Start starts a server with the given buckets and sets the AWS credentials
// in the test's environment; it stops with the test.
func Start(tb testing.TB, buckets ...string) *Server {
	tb.Helper()
	if why := os.Getenv("RUECKGABE_NO_S3"); why != "" {
		tb.Skip("no S3 server here: " + why) // scripts/wine-test: versitygw does not run under Wine
	}
	bin := Binary()
	if bin == "" {
		if os.Getenv("CI") != "" {
			tb.Fatal("versitygw is not installed: .ci/run installs it")
		}
		tb.Skip("versitygw not installed: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0")
	}
	root := tb.TempDir()
	for _, b := range buckets {
		if err := os.Mkdir(filepath.Join(root, b), 0o700); err != nil {
			tb.Fatal(err)
		}
	}
	s := &Server{Root: root, addr: freeAddr(tb), tb: tb}
	s.Endpoint = "http://" + s.addr
	s.startProcess(bin)
	tb.Setenv("AWS_ACCESS_KEY_ID", AccessKey)
	tb.Setenv("AWS_SECRET_ACCESS_KEY", SecretKey)
	tb.Setenv("AWS_REGION", "us-east-1")
	tb.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(root, "no-credentials-file"))
	tb.Cleanup(s.Stop)
	return s
}

func freeAddr(tb testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func (s *Server) startProcess(bin string) {
	s.cmd = exec.Command(bin, "--port", s.addr, "--access", AccessKey, "--secret", SecretKey, "posix", s.Root)
	s.cmd.Stdout, s.cmd.Stderr = nil, nil
	if err := s.cmd.Start(); err != nil {
		s.tb.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", s.addr, 100*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.tb.Fatalf("versitygw did not listen on %s within 10 s", s.addr)
}

// Stop kills the server (like a crash: no clean shutdown).
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}

// Restart starts the server again on the same address and folder.
func (s *Server) Restart() {
	s.Stop()
	s.startProcess(Binary())
}

// Objects lists the files under a bucket's folder: what the server stores,
// for counting objects and spotting partial ones.
func (s *Server) Objects(bucket string) []string {
	var out []string
	root := filepath.Join(s.Root, bucket)
	_ = filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(root, path)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// String names the server for messages.
func (s *Server) String() string { return fmt.Sprintf("versitygw at %s (%s)", s.Endpoint, s.Root) }
