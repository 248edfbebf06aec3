// Package bucket talks to an S3-compatible object store (AWS S3, MinIO, Ceph
// RGW, Versity S3 Gateway): where ("s3://BUCKET/PREFIX"), who (the standard
// AWS credentials), and the four things sync needs — list, put with a
// checksum, get, and errors a person can act on — as S3 requests signed with
// AWS Signature Version 4 (s3.go).
package bucket

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Location is a bucket and a key prefix: s3://BUCKET/PREFIX.
type Location struct {
	Bucket string
	Prefix string // without leading or trailing "/"; may be ""
}

func (l Location) String() string {
	if l.Prefix == "" {
		return "s3://" + l.Bucket
	}
	return "s3://" + l.Bucket + "/" + l.Prefix
}

// Key joins the prefix and parts into an object key.
func (l Location) Key(parts ...string) string {
	if l.Prefix != "" {
		parts = append([]string{l.Prefix}, parts...)
	}
	return strings.Join(parts, "/")
}

// ParseLocation reads "s3://BUCKET/PREFIX".
func ParseLocation(s string) (Location, error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return Location{}, fmt.Errorf("%q is not an s3://BUCKET/PREFIX location", s)
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	if bucket == "" {
		return Location{}, fmt.Errorf("%q names no bucket (s3://BUCKET/PREFIX)", s)
	}
	return Location{Bucket: bucket, Prefix: strings.Trim(prefix, "/")}, nil
}

// Client is an S3 client bound to one location.
type Client struct {
	s3  *s3
	loc Location
	end string
}

// DefaultEndpoint is AWS S3.
const DefaultEndpoint = "https://s3.amazonaws.com"

// Timeouts: an offline laptop must hear so within a few seconds, a slow
// upload of many megabytes must not be cut — but a connection on which
// nothing moves for idleTimeout (a server that stalls in the middle of a
// body) is given up, as offline.
const (
	dialTimeout   = 2 * time.Second
	headerTimeout = 30 * time.Second
)

var idleTimeout = 60 * time.Second // a variable for the tests

// idleConn is a connection whose every read and write must make progress
// within idle.
type idleConn struct {
	net.Conn
	idle time.Duration
}

func (c *idleConn) Read(p []byte) (int, error) {
	_ = c.Conn.SetReadDeadline(time.Now().Add(c.idle))
	return c.Conn.Read(p)
}

func (c *idleConn) Write(p []byte) (int, error) {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(c.idle))
	return c.Conn.Write(p)
}

// validPort: none, or a number a TCP port can be.
func validPort(p string) bool {
	if p == "" {
		return true
	}
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 65536
}

// redact is an endpoint with a password in it shown without it.
func redact(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.User != nil {
		return u.Redacted()
	}
	return endpoint
}

// Open makes a client for endpoint ("" = AWS; "http://host:port" for a local
// server). Credentials come the standard way (lookupCredentials):
// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else the shared credentials
// file (AWS_PROFILE); the region from AWS_REGION (else us-east-1, and the
// region a server names when it answers "wrong region"). Nothing of them is
// ever written anywhere.
func Open(endpoint string, loc Location) (*Client, error) {
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	u, err := parseEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	creds, err := lookupCredentials()
	if err != nil {
		// without credentials every request would be an anonymous one the
		// server refuses with a puzzling "Access Denied": say what is missing
		return nil, &Error{Kind: Credentials, Endpoint: endpoint, Bucket: loc.Bucket, Err: err}
	}
	dialer := &net.Dialer{Timeout: dialTimeout}
	tr := &http.Transport{
		Proxy: proxy(),
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &idleConn{Conn: c, idle: idleTimeout}, nil
		},
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: headerTimeout,
		MaxIdleConnsPerHost:   16,
		ForceAttemptHTTP2:     true,
	}
	region := strings.TrimSpace(firstEnv("AWS_REGION", "AWS_DEFAULT_REGION"))
	if region != "" && !validRegion(region) {
		return nil, fmt.Errorf("AWS_REGION %q is not a region's name (like eu-central-1)", region)
	}
	return &Client{loc: loc, end: endpoint, s3: &s3{
		hc:     &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		scheme: u.Scheme,
		host:   u.Host,
		aws:    strings.EqualFold(u.Host, "s3.amazonaws.com"),
		creds:  aws.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken, Source: "rueckgabe"},
		signer: v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }),
		sleep:  sleepCtx,
		region: region,
	}}, nil
}

// CheckEndpoint says what is wrong with an --endpoint ("" is AWS), before
// it is remembered: Open refuses the same.
func CheckEndpoint(endpoint string) error {
	if endpoint == "" {
		return nil
	}
	_, err := parseEndpoint(endpoint)
	return err
}

// parseEndpoint reads an endpoint: http or https, a host, a port if any,
// nothing else — no user or password (the URL is written to sync.json and
// printed in errors), no path or query.
func parseEndpoint(endpoint string) (*url.URL, error) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || !validPort(u.Port()) {
		return nil, fmt.Errorf("--endpoint %q is not a URL like https://s3.example.com or http://127.0.0.1:7070", redact(endpoint))
	}
	if u.User != nil {
		return nil, fmt.Errorf("--endpoint %q carries a user or password: credentials go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or ~/.aws/credentials), never into the URL (it is remembered in sync.json and shown in messages)", redact(endpoint))
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("--endpoint %q has a path or query: give the server alone (https://HOST[:PORT]); the bucket and prefix go in s3://BUCKET/PREFIX", endpoint)
	}
	return u, nil
}

// Location is where the client reads and writes.
func (c *Client) Location() Location { return c.loc }

// Object is one listed object.
type Object struct {
	Key      string
	Size     int64
	Modified time.Time // the server's Last-Modified: when it stored the object, set by the server alone
	ETag     string    // the server's entity tag: changes when the object's bytes do
}

// List lists every object under the location's prefix joined with under,
// in one listing (pages of 1,000 keys).
func (c *Client) List(ctx context.Context, under ...string) ([]Object, error) {
	prefix := c.loc.Key(under...)
	if prefix != "" {
		prefix += "/"
	}
	out, err := c.s3.list(ctx, c.loc.Bucket, prefix)
	if err != nil {
		return nil, c.explain(err)
	}
	return out, nil
}

// PutFile uploads a file under key in one request, with its SHA-256 sent as
// the S3 checksum: the server refuses the object unless the bytes it got
// hash the same, and the object appears under its key only once complete.
func (c *Client) PutFile(ctx context.Context, key, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return err
	}
	return c.put(ctx, key, f, n, h.Sum(nil), "application/zip")
}

// PutBytes uploads a small object (a configuration file) the same way.
func (c *Client) PutBytes(ctx context.Context, key string, data []byte) error {
	sum := sha256.Sum256(data)
	return c.put(ctx, key, bytes.NewReader(data), int64(len(data)), sum[:], "")
}

// put sends size bytes of at under key in one request (nothing
// half-uploaded to clean up after a kill), signed with their SHA-256 and with
// it as the object's checksum.
func (c *Client) put(ctx context.Context, key string, at io.ReaderAt, size int64, sum []byte, contentType string) error {
	b64 := base64.StdEncoding.EncodeToString(sum)
	h := http.Header{"X-Amz-Checksum-Sha256": {b64}}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	resp, err := c.s3.do(ctx, request{method: http.MethodPut, bucket: c.loc.Bucket, key: key, header: h,
		body: &body{at: at, size: size, sha256: hexSum(sum)}})
	if err != nil {
		return c.explain(err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if got := resp.Header.Get("X-Amz-Checksum-Sha256"); got != "" && got != b64 {
		return fmt.Errorf("%s: the server stored SHA-256 %s, sent %s", key, got, b64)
	}
	return nil
}

// get starts the download of an object.
func (c *Client) get(ctx context.Context, key string) (io.ReadCloser, error) {
	resp, err := c.s3.do(ctx, request{method: http.MethodGet, bucket: c.loc.Bucket, key: key})
	if err != nil {
		return nil, c.explain(err)
	}
	return resp.Body, nil
}

// GetBytes downloads a small object, at most limit bytes.
func (c *Client) GetBytes(ctx context.Context, key string, limit int64) ([]byte, error) {
	obj, err := c.get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	data, err := io.ReadAll(io.LimitReader(obj, limit+1))
	if err != nil {
		return nil, c.explain(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", key, limit)
	}
	return data, nil
}

// ErrTooLarge: an object grew past the limit it was fetched with.
var ErrTooLarge = errors.New("larger than the limit")

// WriteError is a failure to write what was downloaded (a full disk), not
// one of the object store: the caller words it.
type WriteError struct{ Err error }

func (e *WriteError) Error() string { return e.Err.Error() }

func (e *WriteError) Unwrap() error { return e.Err }

// GetTo streams an object into w, at most limit bytes: more is ErrTooLarge
// (the object changed since it was listed), a failure of w a *WriteError,
// anything of the server an *Error.
func (c *Client) GetTo(ctx context.Context, key string, w io.Writer, limit int64) (int64, error) {
	obj, err := c.get(ctx, key)
	if err != nil {
		return 0, err
	}
	defer obj.Close()
	cw := &checkedWriter{w: w}
	n, err := io.Copy(cw, io.LimitReader(obj, limit+1))
	switch {
	case cw.err != nil:
		return n, &WriteError{Err: cw.err}
	case err != nil:
		return n, c.explain(err)
	case n > limit:
		return n, fmt.Errorf("%s: %w (%d bytes)", key, ErrTooLarge, limit)
	}
	return n, nil
}

// checkedWriter remembers its writer's error, to tell it from the reader's.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// Fatal reports whether an error of the object store stops a whole run
// (offline, credentials, no bucket, clock): every other object would fail
// alike. A failure of one object (gone, not served) is that object's.
func Fatal(err error) bool {
	var be *Error
	return errors.As(err, &be) && be.Kind != Other && be.Kind != NoObject
}

// ErrNoCredentials: neither the environment nor the shared credentials file
// names an access key.
var ErrNoCredentials = errors.New("no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE for ~/.aws/credentials")

// Error says what went wrong with the object store in terms a person can act on.
type Error struct {
	Kind     Kind
	Endpoint string
	Bucket   string
	Err      error
}

// Kind is what kind of failure an Error is.
type Kind int

// Kinds of failure.
const (
	Other       Kind = iota
	Offline          // no network, or the server does not answer
	Credentials      // missing or wrong access key / secret
	NoBucket         // the bucket does not exist
	ClockSkew        // the laptop's clock is too far off for request signing
	NoObject         // the object is not there (removed since it was listed)
	Certificate      // the server's TLS certificate is not trusted here, or it speaks no TLS
)

func (e *Error) Error() string {
	switch e.Kind {
	case Offline:
		return fmt.Sprintf("%s cannot be reached (offline?): %v", e.Endpoint, e.Err)
	case Credentials:
		if errors.Is(e.Err, ErrNoCredentials) || errors.Is(e.Err, ErrCredentialsFile) {
			return e.Err.Error()
		}
		return fmt.Sprintf("%s refused the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or ~/.aws/credentials): %v", e.Endpoint, e.Err)
	case NoBucket:
		return fmt.Sprintf("bucket %q does not exist on %s", e.Bucket, e.Endpoint)
	case NoObject:
		return "the object is no longer there (removed since it was listed)"
	case Certificate:
		return fmt.Sprintf("%s: no trusted TLS connection (the server's certificate is not trusted by this computer, names another host, or the server does not speak https): %v", e.Endpoint, e.Err)
	case ClockSkew:
		return fmt.Sprintf("%s refused the request because this computer's clock is off by more than 15 minutes: set the clock, then sync again", e.Endpoint)
	}
	return fmt.Sprintf("%s: %v", e.Endpoint, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// explain sorts an error of a request into a Kind.
func (c *Client) explain(err error) error {
	e := &Error{Kind: Other, Endpoint: c.end, Bucket: c.loc.Bucket, Err: err}
	var ne net.Error
	var ue *url.Error
	var se *ServerError
	code := ""
	if errors.As(err, &se) {
		code = se.Code
	}
	switch {
	case code == "NoSuchBucket":
		e.Kind = NoBucket
	case code == "NoSuchKey":
		e.Kind = NoObject
	case code == "InvalidAccessKeyId", code == "XAdminUserNotFound", code == "SignatureDoesNotMatch", code == "AccessDenied", code == "InvalidToken", code == "ExpiredToken":
		e.Kind = Credentials
	case code == "RequestTimeTooSkewed":
		e.Kind = ClockSkew
	case tlsFailed(err):
		e.Kind = Certificate
	case errors.As(err, &ne), errors.As(err, &ue), errors.Is(err, context.DeadlineExceeded):
		e.Kind = Offline
	}
	return e
}
