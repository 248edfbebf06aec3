package bucket

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/internal/s3test"
)

func TestParseLocation(t *testing.T) {
	for in, want := range map[string]Location{
		"s3://b":              {Bucket: "b"},
		"s3://b/":             {Bucket: "b"},
		"s3://b/x/y/":         {Bucket: "b", Prefix: "x/y"},
		"s3://rueckgabe/nord": {Bucket: "rueckgabe", Prefix: "nord"},
	} {
		got, err := ParseLocation(in)
		if err != nil || got != want {
			t.Errorf("%s: %+v %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "b/x", "s3://", "s3:///x", "https://b/x"} {
		if _, err := ParseLocation(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if k := (Location{Bucket: "b", Prefix: "p"}).Key("k1", "id", "h.zip"); k != "p/k1/id/h.zip" {
		t.Errorf("key %q", k)
	}
}

func TestPutListGetOnARealServer(t *testing.T) {
	srv := s3test.Start(t, "returns")
	c, err := Open(srv.Endpoint, Location{Bucket: "returns", Prefix: "dealer"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "a.zip")
	os.WriteFile(file, []byte("archive bytes"), 0o600)
	if err := c.PutFile(ctx, c.Location().Key("k", "id", "h.zip"), file); err != nil {
		t.Fatal(err)
	}
	objs, err := c.List(ctx, "k")
	if err != nil || len(objs) != 1 || objs[0].Key != "dealer/k/id/h.zip" || objs[0].Size != 13 {
		t.Fatalf("list: %+v %v", objs, err)
	}
	if b, err := c.GetBytes(ctx, objs[0].Key, 100); err != nil || string(b) != "archive bytes" {
		t.Fatalf("got %q %v", b, err)
	}

	// the server checks the SHA-256 sent with the bytes: a wrong one is refused
	wrongSum := base64.StdEncoding.EncodeToString(make([]byte, 32))
	data := []byte("archive bytes")
	sum := sha256.Sum256(data)
	_, err = c.s3.do(ctx, request{method: "PUT", bucket: "returns", key: "dealer/k/id/bad.zip",
		header: http.Header{"X-Amz-Checksum-Sha256": {wrongSum}}, body: &body{at: bytes.NewReader(data), size: 13, sha256: hexSum(sum[:])}})
	if err == nil {
		t.Fatal("an upload whose bytes do not match its SHA-256 was stored")
	}
	if objs, _ := c.List(ctx, "k"); len(objs) != 1 {
		t.Fatalf("after a refused upload: %+v", objs)
	}

	var be *Error
	missing, _ := Open(srv.Endpoint, Location{Bucket: "nope"})
	if _, err := missing.List(ctx); !errors.As(err, &be) || be.Kind != NoBucket {
		t.Errorf("missing bucket: %v", err)
	}
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wrong")
	wrong, _ := Open(srv.Endpoint, Location{Bucket: "returns"})
	if _, err := wrong.List(ctx); !errors.As(err, &be) || be.Kind != Credentials {
		t.Errorf("wrong secret: %v", err)
	}
	srv.Stop()
	if _, err := c.List(ctx); !errors.As(err, &be) || be.Kind != Offline {
		t.Errorf("server gone: %v", err)
	}
}

// A clock more than 15 minutes off is refused by every S3 server with
// RequestTimeTooSkewed; the test server cannot be given another clock, so
// the wording is checked on the error it sends.
func TestClockSkewIsSaidPlainly(t *testing.T) {
	c := &Client{end: "http://s3.local", loc: Location{Bucket: "b"}}
	err := c.explain(&ServerError{Status: 403, Code: "RequestTimeTooSkewed", Message: "The difference between the request time and the server's time is too large."})
	var be *Error
	if !errors.As(err, &be) || be.Kind != ClockSkew || !strings.Contains(err.Error(), "clock is off") {
		t.Fatalf("%v", err)
	}
}
