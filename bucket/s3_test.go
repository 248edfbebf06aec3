package bucket

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"rueckgabe/internal/s3test"
)

// Keys with every kind of character a path can carry: the request line and
// the signature must escape them alike, the listing must give them back as
// they were. The real server checks each signature.
func TestOddKeysRoundTripOnARealServer(t *testing.T) {
	srv := s3test.Start(t, "returns")
	c, err := Open(srv.Endpoint, Location{Bucket: "returns", Prefix: "p q"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	keys := []string{"a b/c+d", "umlaut/Prüfung ä.zip", "pct/100%", "sym/!$&'()*,;=@:", "q/x?y#z", "tilde/~_-.", "plus/a+b=c"}
	for i, k := range keys {
		if err := c.PutBytes(ctx, c.Location().Key(k), []byte(fmt.Sprint("object ", i))); err != nil {
			t.Fatalf("put %q: %v", k, err)
		}
	}
	objs, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, o := range objs {
		got[o.Key] = true
		if o.ETag == "" || strings.Contains(o.ETag, `"`) || o.Modified.IsZero() || o.Modified.Nanosecond()%int(time.Millisecond) != 0 {
			t.Errorf("%+v: ETag without quotes, Last-Modified to the millisecond", o)
		}
	}
	for i, k := range keys {
		full := c.Location().Key(k)
		if !got[full] {
			t.Errorf("%q not listed as itself: %v", full, got)
		}
		b, err := c.GetBytes(ctx, full, 100)
		if err != nil || string(b) != fmt.Sprint("object ", i) {
			t.Errorf("get %q: %q %v", full, b, err)
		}
	}
	_, err = c.GetBytes(ctx, c.Location().Key("not/there"), 100)
	var be *Error
	if !errors.As(err, &be) || be.Kind != NoObject || Fatal(err) {
		t.Errorf("missing object: %v", err)
	}
}

// fakeS3 answers requests with what script says, in order; it records each
// request (method, path, authorization, body).
type fakeS3 struct {
	mu     sync.Mutex
	script []func(w http.ResponseWriter, r *http.Request)
	seen   []seenRequest
}

type seenRequest struct {
	method, uri, auth, payload string
	body                       []byte
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	n := len(f.seen)
	f.seen = append(f.seen, seenRequest{r.Method, r.RequestURI, r.Header.Get("Authorization"), r.Header.Get("X-Amz-Content-Sha256"), b})
	f.mu.Unlock()
	if n >= len(f.script) {
		http.Error(w, "unexpected request", http.StatusTeapot)
		return
	}
	f.script[n](w, r)
}

func s3Error(status int, code string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>said so</Message></Error>`, code)
	}
}

func ok(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }

func fakeClient(t *testing.T, f *fakeS3) *Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	c, err := Open(srv.URL, Location{Bucket: "b", Prefix: "p"})
	if err != nil {
		t.Fatal(err)
	}
	c.s3.sleep = func(context.Context, time.Duration) error { return nil }
	return c
}

// A busy or failing server is asked again, at most three times in all, with
// the same bytes; an answer that will not change (access denied, no bucket)
// is not.
func TestRetries(t *testing.T) {
	ctx := context.Background()
	data := []byte("the archive")
	sum := sha256.Sum256(data)

	f := &fakeS3{script: []func(http.ResponseWriter, *http.Request){s3Error(503, "SlowDown"), s3Error(500, "InternalError"), ok}}
	c := fakeClient(t, f)
	if err := c.PutBytes(ctx, "p/k", data); err != nil {
		t.Fatalf("third attempt answered 200: %v", err)
	}
	if len(f.seen) != 3 {
		t.Fatalf("%d requests, want 3", len(f.seen))
	}
	for _, r := range f.seen {
		if r.method != "PUT" || r.uri != "/b/p/k" || string(r.body) != string(data) || r.payload != hex.EncodeToString(sum[:]) {
			t.Errorf("attempt sent %+v", r)
		}
	}

	f = &fakeS3{script: []func(http.ResponseWriter, *http.Request){s3Error(500, "InternalError"), s3Error(500, "InternalError"), s3Error(500, "InternalError"), ok}}
	c = fakeClient(t, f)
	if err := c.PutBytes(ctx, "p/k", data); err == nil || len(f.seen) != 3 {
		t.Fatalf("three failures: %v after %d requests", err, len(f.seen))
	}

	for _, code := range []string{"AccessDenied", "NoSuchBucket", "SignatureDoesNotMatch"} {
		f = &fakeS3{script: []func(http.ResponseWriter, *http.Request){s3Error(403, code), ok}}
		c = fakeClient(t, f)
		if err := c.PutBytes(ctx, "p/k", data); err == nil || len(f.seen) != 1 {
			t.Errorf("%s: %v after %d requests", code, err, len(f.seen))
		}
	}
}

// A server that says the bucket is in another region is asked there once,
// signed for that region; the client stays there.
func TestFollowsTheBucketsRegion(t *testing.T) {
	moved := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Amz-Bucket-Region", "eu-central-1")
		w.WriteHeader(http.StatusMovedPermanently)
	}
	f := &fakeS3{script: []func(http.ResponseWriter, *http.Request){moved, ok, ok, moved}}
	c := fakeClient(t, f)
	ctx := context.Background()
	if err := c.PutBytes(ctx, "p/a", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := c.PutBytes(ctx, "p/b", []byte("x")); err != nil {
		t.Fatal(err)
	}
	want := []string{"/us-east-1/s3/", "/eu-central-1/s3/", "/eu-central-1/s3/"}
	for i, w := range want {
		if !strings.Contains(f.seen[i].auth, w) {
			t.Errorf("request %d signed as %q, want scope %s", i, f.seen[i].auth, w)
		}
	}
	// a second "moved" to where it already is ends the request
	if err := c.PutBytes(ctx, "p/c", []byte("x")); err == nil {
		t.Error("a redirect to the region already used was followed")
	}
	// an unrelated error never moves the client
	f = &fakeS3{script: []func(http.ResponseWriter, *http.Request){func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Amz-Bucket-Region", "ap-south-1")
		s3Error(403, "AccessDenied")(w, nil)
	}}}
	c = fakeClient(t, f)
	if err := c.PutBytes(ctx, "p/a", []byte("x")); err == nil || c.s3.currentRegion() != "" {
		t.Errorf("AccessDenied with a region header: %v, region %q", err, c.s3.currentRegion())
	}
	if h := (&s3{aws: true, host: "s3.amazonaws.com"}).hostFor("eu-central-1"); h != "s3.eu-central-1.amazonaws.com" {
		t.Errorf("AWS host for eu-central-1: %s", h)
	}
}

func listPageXML(truncated bool, token string, keys ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><EncodingType>url</EncodingType><IsTruncated>%v</IsTruncated>`, truncated)
		if token != "" {
			fmt.Fprintf(&b, `<NextContinuationToken>%s</NextContinuationToken>`, token)
		}
		for _, k := range keys {
			fmt.Fprintf(&b, `<Contents><Key>%s</Key><LastModified>2026-12-01T10:00:00.123456Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>7</Size></Contents>`, k)
		}
		b.WriteString(`</ListBucketResult>`)
		io.WriteString(w, b.String())
	}
}

func TestListPages(t *testing.T) {
	f := &fakeS3{script: []func(http.ResponseWriter, *http.Request){
		listPageXML(true, "t1", "p/a%20b", "p/c%2Bd"), listPageXML(false, "", "p/e"),
	}}
	c := fakeClient(t, f)
	objs, err := c.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range objs {
		keys = append(keys, o.Key)
		if o.ETag != "abc" || o.Size != 7 || !o.Modified.Equal(time.Date(2026, 12, 1, 10, 0, 0, 123000000, time.UTC)) {
			t.Errorf("%+v", o)
		}
	}
	if strings.Join(keys, "|") != "p/a b|p/c+d|p/e" {
		t.Errorf("keys %q", keys)
	}
	if !strings.Contains(f.seen[0].uri, "prefix=p%2F") || !strings.Contains(f.seen[1].uri, "continuation-token=t1") {
		t.Errorf("requests %q / %q", f.seen[0].uri, f.seen[1].uri)
	}

	// a server that says "more" without saying where, or the same place
	// again, ends the listing instead of looping
	for _, script := range [][]func(http.ResponseWriter, *http.Request){
		{listPageXML(true, "", "p/a")},
		{listPageXML(true, "t", "p/a"), listPageXML(true, "t", "p/b")},
		{func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "<html>proxy login</html>") }},
	} {
		f := &fakeS3{script: script}
		if _, err := fakeClient(t, f).List(context.Background()); err == nil {
			t.Errorf("accepted after %d requests", len(f.seen))
		}
	}
}

// A server's answer of a checksum other than the one sent is an error.
func TestPutChecksTheStoredChecksum(t *testing.T) {
	f := &fakeS3{script: []func(http.ResponseWriter, *http.Request){func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Amz-Checksum-Sha256", "AAAA")
		w.WriteHeader(200)
	}}}
	c := fakeClient(t, f)
	file := filepath.Join(t.TempDir(), "a.zip")
	os.WriteFile(file, []byte("zip"), 0o600)
	if err := c.PutFile(context.Background(), "p/a.zip", file); err == nil || !strings.Contains(err.Error(), "stored SHA-256") {
		t.Fatalf("%v", err)
	}
}

func TestCredentials(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "credentials")
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", file)
	if _, err := lookupCredentials(); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("nothing at all: %v", err)
	}
	os.WriteFile(file, []byte(`# keys
[default]
aws_access_key_id = AKDEF
aws_secret_access_key=SKDEF
  s3 =
    max_concurrent_requests = 4

[profile hall]
AWS_ACCESS_KEY_ID = AKHALL
aws_secret_access_key = SKHALL
aws_session_token = TOK

[half]
aws_access_key_id = AKHALF

[sso]
sso_start_url = https://example.awsapps.com/start
sso_role_name = x
`), 0o600)
	check := func(profile string, want credentials, wantErr string) {
		t.Helper()
		t.Setenv("AWS_PROFILE", profile)
		got, err := lookupCredentials()
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("%s: %+v %v, want error with %q", profile, got, err, wantErr)
			}
			return
		}
		if err != nil || got != want {
			t.Errorf("%s: %+v %v, want %+v", profile, got, err, want)
		}
	}
	check("", credentials{"AKDEF", "SKDEF", ""}, "")
	check("hall", credentials{"AKHALL", "SKHALL", "TOK"}, "")
	check("half", credentials{}, "must both be set")
	check("sso", credentials{}, "SSO or credential_process")
	check("nobody", credentials{}, "no credentials found")

	// the environment comes first, the older names too
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_ACCESS_KEY", "AKENV")
	t.Setenv("AWS_SECRET_KEY", "SKENV")
	t.Setenv("AWS_SESSION_TOKEN", "ENVTOK")
	if got, err := lookupCredentials(); err != nil || got != (credentials{"AKENV", "SKENV", "ENVTOK"}) {
		t.Errorf("environment: %+v %v", got, err)
	}
	// half of a key pair in the environment falls back to the file
	t.Setenv("AWS_SECRET_KEY", "")
	if got, err := lookupCredentials(); err != nil || got.AccessKeyID != "AKDEF" {
		t.Errorf("half in the environment: %+v %v", got, err)
	}

	// as Notepad saves it: a byte order mark, Windows' line ends
	os.WriteFile(file, []byte("\ufeff[default]\r\naws_access_key_id = AKWIN\r\naws_secret_access_key = SKWIN\r\n"), 0o600)
	if got, err := lookupCredentials(); err != nil || got != (credentials{"AKWIN", "SKWIN", ""}) {
		t.Errorf("Notepad's file: %+v %v", got, err)
	}

	os.WriteFile(file, []byte("[default\naws_access_key_id = x\n"), 0o600)
	if _, err := lookupCredentials(); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("broken file: %v", err)
	}
}

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"a/b c":     "a/b%20c",
		"ä+%?#":     "%C3%A4%2B%25%3F%23",
		"A-z_0.9~/": "A-z_0.9~/",
	} {
		if got := escapePath(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// A server's answer naming a "region" that is no region's name is not
// followed: it would become part of the host name.
func TestRegionNotANameIsNotFollowed(t *testing.T) {
	for _, region := range []string{"attacker.example/", "EU-CENTRAL-1", "eu central", strings.Repeat("a", 41)} {
		f := &fakeS3{script: []func(http.ResponseWriter, *http.Request){func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("X-Amz-Bucket-Region", region)
			w.WriteHeader(http.StatusMovedPermanently)
		}, ok}}
		c := fakeClient(t, f)
		if err := c.PutBytes(context.Background(), "p/a", []byte("x")); err == nil || len(f.seen) != 1 || c.s3.currentRegion() != "" {
			t.Errorf("%q: %v after %d requests, region %q", region, err, len(f.seen), c.s3.currentRegion())
		}
	}
	if !validRegion("eu-central-1") || !validRegion("us-gov-west-1") {
		t.Error("AWS's names refused")
	}
}

// A server that sends its headers and then nothing more is given up after
// the idle time, as offline.
func TestStalledBodyEnds(t *testing.T) {
	defer func(d time.Duration) { idleTimeout = d }(idleTimeout)
	idleTimeout = 200 * time.Millisecond
	release := make(chan struct{})
	defer close(release)
	f := &fakeS3{script: []func(http.ResponseWriter, *http.Request){func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		io.WriteString(w, "<ListBucketResult>")
		w.(http.Flusher).Flush()
		<-release
	}}}
	c := fakeClient(t, f)
	// a deadline far beyond the idle time: the idle time must end it
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetBytes(ctx, "p/a", 4096)
	var be *Error
	if !errors.As(err, &be) || be.Kind != Offline || ctx.Err() != nil {
		t.Fatalf("stalled body: %v after %v", err, time.Since(start))
	}
}

// A listing that never stops (a new token on every page) ends at maxListed.
func TestEndlessListingEnds(t *testing.T) {
	defer func(n int) { maxListed = n }(maxListed)
	maxListed = 25
	page := 0
	endless := func(w http.ResponseWriter, r *http.Request) {
		page++
		listPageXML(true, fmt.Sprint("t", page), "p/a", "p/b", "p/c", "p/d")(w, r)
	}
	f := &fakeS3{}
	for range 20 {
		f.script = append(f.script, endless)
	}
	_, err := fakeClient(t, f).List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "goes on past 25 objects") || len(f.seen) > 7 {
		t.Fatalf("%v after %d pages", err, len(f.seen))
	}
}

// A listed key that is not URL-encoded as promised is kept as listed, for
// its reader to refuse by name, instead of ending the whole listing.
func TestListingKeepsAnOddKey(t *testing.T) {
	f := &fakeS3{script: []func(http.ResponseWriter, *http.Request){listPageXML(false, "", "p/%ZZ", "p/ok")}}
	objs, err := fakeClient(t, f).List(context.Background())
	if err != nil || len(objs) != 2 || objs[0].Key != "p/%ZZ" || objs[1].Key != "p/ok" {
		t.Fatalf("%+v %v", objs, err)
	}
}

func TestEndpointsRefused(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	for endpoint, want := range map[string]string{
		"http://admin:hunter2@127.0.0.1:7999": "carries a user or password",
		"http://127.0.0.1:72310":              "is not a URL",
		"http://host/some/path":               "has a path or query",
		"https://host?x=1":                    "has a path or query",
		"ftp://host":                          "is not a URL",
	} {
		_, err := Open(endpoint, Location{Bucket: "b"})
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: %v", endpoint, err)
		}
	}
	if _, err := Open("https://s3.example.com/", Location{Bucket: "b"}); err != nil {
		t.Errorf("a trailing slash: %v", err)
	}
	t.Setenv("AWS_REGION", "eu-central-1\r\n")
	if _, err := Open("https://s3.example.com", Location{Bucket: "b"}); err != nil {
		t.Errorf("a region with a line end: %v", err)
	}
	t.Setenv("AWS_REGION", "x/../y")
	if _, err := Open("https://s3.example.com", Location{Bucket: "b"}); err == nil {
		t.Error("a region that is no name accepted")
	}
}

// A server whose certificate this computer does not trust is said so, not
// "offline".
func TestUntrustedCertificate(t *testing.T) {
	srv := httptest.NewTLSServer(&fakeS3{script: []func(http.ResponseWriter, *http.Request){ok}})
	defer srv.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	c, err := Open(srv.URL, Location{Bucket: "b"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.List(context.Background())
	var be *Error
	if !errors.As(err, &be) || be.Kind != Certificate || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("%v", err)
	}
	// and https to a server that speaks http
	plain := httptest.NewServer(&fakeS3{})
	defer plain.Close()
	c, _ = Open(strings.Replace(plain.URL, "http:", "https:", 1), Location{Bucket: "b"})
	if _, err = c.List(context.Background()); !errors.As(err, &be) || be.Kind != Certificate {
		t.Fatalf("https to http: %v", err)
	}
}

func TestCredentialsFileProblemsAreNamed(t *testing.T) {
	dir := t.TempDir()
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"} {
		t.Setenv(k, "")
	}
	file := filepath.Join(dir, "credentials")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", file)
	if _, err := lookupCredentials(); !errors.Is(err, ErrNoCredentials) || !strings.Contains(err.Error(), file) {
		t.Errorf("a named file that is not there: %v", err)
	}
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "[default]\r\naws_access_key_id = A\r\n" {
		utf16 = append(utf16, byte(r), 0)
	}
	for content, want := range map[string]string{
		string(utf16): "UTF-16",
		"[default]\raws_access_key_id = AKMAC\raws_secret_access_key = SKMAC\r": "",
		"[other]\naws_access_key_id = A\naws_secret_access_key = S\n":           `no profile "default"`,
		"[default]\naws_access_key_id = A\x01B\naws_secret_access_key = S\n":    "holds a character",
		"\xc3\x28": "not UTF-8",
	} {
		os.WriteFile(file, []byte(content), 0o600)
		got, err := lookupCredentials()
		switch {
		case want == "" && (err != nil || got.AccessKeyID != "AKMAC"):
			t.Errorf("%q: %+v %v", content, got, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: %v, want %q", content, err, want)
		}
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir)
	if _, err := lookupCredentials(); !errors.Is(err, ErrCredentialsFile) {
		t.Errorf("a directory: %v", err)
	}
	// a file's problem is not the server's refusal: no request was made
	e := &Error{Kind: Credentials, Endpoint: "http://x", Err: fmt.Errorf("%w: broken", ErrCredentialsFile)}
	if strings.Contains(e.Error(), "refused") {
		t.Errorf("%v", e)
	}
}
