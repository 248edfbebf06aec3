package service

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rueckgabe/bucket"
)

// An object listed small that the server then sends larger than --max-size
// is cut off and said as grown, with the size it was listed as.
func TestDownloadOfAnObjectThatGrew(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, strings.Repeat("x", 5000))
	}))
	defer srv.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	c, err := bucket.Open(srv.URL, bucket.Location{Bucket: "b"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "a.zip")
	opt := InboxOptions{MaxSize: 1000, Create: func(p string) (io.WriteCloser, error) { return os.Create(p) }}
	err = download(context.Background(), c, bucket.Object{Key: "a.zip", Size: 100}, path, opt)
	var tl *TooLargeError
	if !errors.As(err, &tl) || !strings.Contains(err.Error(), "was listed as 100 bytes") || !strings.Contains(err.Error(), "cut off") {
		t.Fatalf("%v", err)
	}
}
