// Package bucket talks to an S3-compatible object store (AWS S3, MinIO, Ceph
// RGW, Versity S3 Gateway) through minio-go: where ("s3://BUCKET/PREFIX"),
// who (the standard AWS credentials), and the four things sync needs — list,
// put with a checksum, get, and errors a person can act on.
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
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
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
	mc  *minio.Client
	loc Location
	end string
}

// DefaultEndpoint is AWS S3.
const DefaultEndpoint = "https://s3.amazonaws.com"

// Timeouts: an offline laptop must hear so within a few seconds, a slow
// upload of many megabytes must not be cut.
const (
	dialTimeout   = 2 * time.Second
	headerTimeout = 30 * time.Second
)

// Open makes a client for endpoint ("" = AWS; "http://host:port" for a local
// server). Credentials come the standard way: AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY, else the shared credentials file (AWS_PROFILE);
// the region from AWS_REGION. Nothing of them is ever written anywhere.
func Open(endpoint string, loc Location) (*Client, error) {
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("--endpoint %q is not a URL like https://s3.example.com or http://127.0.0.1:7070", endpoint)
	}
	tr := &http.Transport{
		Proxy:                 proxy(),
		DialContext:           (&net.Dialer{Timeout: dialTimeout}).DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: headerTimeout,
		MaxIdleConnsPerHost:   16,
	}
	creds := credentials.NewChainCredentials([]credentials.Provider{
		&credentials.EnvAWS{},
		&credentials.FileAWSCredentials{Profile: os.Getenv("AWS_PROFILE")},
	})
	if v, err := creds.GetWithContext(&credentials.CredContext{Client: &http.Client{Transport: tr}, Endpoint: endpoint}); err != nil || v.AccessKeyID == "" {
		// without credentials every request would be an anonymous one the
		// server refuses with a puzzling "Access Denied": say what is missing
		return nil, &Error{Kind: Credentials, Endpoint: endpoint, Bucket: loc.Bucket, Err: ErrNoCredentials}
	}
	mc, err := minio.New(u.Host, &minio.Options{
		Creds: creds, Secure: u.Scheme == "https", Transport: tr, Region: os.Getenv("AWS_REGION"),
		BucketLookup: minio.BucketLookupPath, MaxRetries: 2, TrailingHeaders: true,
	})
	if err != nil {
		return nil, err
	}
	return &Client{mc: mc, loc: loc, end: endpoint}, nil
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
	var out []Object
	for o := range c.mc.ListObjectsIter(ctx, c.loc.Bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if o.Err != nil {
			return nil, c.explain(o.Err)
		}
		out = append(out, Object{Key: o.Key, Size: o.Size, Modified: o.LastModified, ETag: o.ETag})
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
	st, err := f.Stat()
	if err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sum := base64.StdEncoding.EncodeToString(h.Sum(nil))
	info, err := c.mc.PutObject(ctx, c.loc.Bucket, key, f, st.Size(), minio.PutObjectOptions{
		ContentType:      "application/zip",
		DisableMultipart: true, // one request: nothing half-uploaded to clean up after a kill
		UserMetadata:     map[string]string{"x-amz-checksum-sha256": sum},
	})
	if err != nil {
		return c.explain(err)
	}
	if info.ChecksumSHA256 != "" && info.ChecksumSHA256 != sum {
		return fmt.Errorf("%s: the server stored SHA-256 %s, sent %s", key, info.ChecksumSHA256, sum)
	}
	return nil
}

// PutBytes uploads a small object (a configuration file) the same way.
func (c *Client) PutBytes(ctx context.Context, key string, data []byte) error {
	sum := sha256.Sum256(data)
	_, err := c.mc.PutObject(ctx, c.loc.Bucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{
		DisableMultipart: true,
		UserMetadata:     map[string]string{"x-amz-checksum-sha256": base64.StdEncoding.EncodeToString(sum[:])},
	})
	if err != nil {
		return c.explain(err)
	}
	return nil
}

// GetBytes downloads a small object, at most limit bytes.
func (c *Client) GetBytes(ctx context.Context, key string, limit int64) ([]byte, error) {
	obj, err := c.mc.GetObject(ctx, c.loc.Bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, c.explain(err)
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

// GetFile downloads an object into a file.
func (c *Client) GetFile(ctx context.Context, key, path string) error {
	if err := c.mc.FGetObject(ctx, c.loc.Bucket, key, path, minio.GetObjectOptions{}); err != nil {
		return c.explain(err)
	}
	return nil
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
	obj, err := c.mc.GetObject(ctx, c.loc.Bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return 0, c.explain(err)
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
)

func (e *Error) Error() string {
	switch e.Kind {
	case Offline:
		return fmt.Sprintf("%s cannot be reached (offline?): %v", e.Endpoint, e.Err)
	case Credentials:
		if errors.Is(e.Err, ErrNoCredentials) {
			return e.Err.Error()
		}
		return fmt.Sprintf("%s refused the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or ~/.aws/credentials): %v", e.Endpoint, e.Err)
	case NoBucket:
		return fmt.Sprintf("bucket %q does not exist on %s", e.Bucket, e.Endpoint)
	case NoObject:
		return "the object is no longer there (removed since it was listed)"
	case ClockSkew:
		return fmt.Sprintf("%s refused the request because this computer's clock is off by more than 15 minutes: set the clock, then sync again", e.Endpoint)
	}
	return fmt.Sprintf("%s: %v", e.Endpoint, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// explain sorts an error of minio-go into a Kind.
func (c *Client) explain(err error) error {
	e := &Error{Kind: Other, Endpoint: c.end, Bucket: c.loc.Bucket, Err: err}
	var ne net.Error
	var ue *url.Error
	switch code := minio.ToErrorResponse(err).Code; {
	case code == "NoSuchBucket":
		e.Kind = NoBucket
	case code == "NoSuchKey":
		e.Kind = NoObject
	case code == "InvalidAccessKeyId", code == "SignatureDoesNotMatch", code == "AccessDenied", code == "InvalidToken", code == "ExpiredToken":
		e.Kind = Credentials
	case code == "RequestTimeTooSkewed":
		e.Kind = ClockSkew
	case strings.Contains(err.Error(), "no credentials") || strings.Contains(err.Error(), "Access Key Id"):
		e.Kind = Credentials
	case errors.As(err, &ne), errors.As(err, &ue), errors.Is(err, context.DeadlineExceeded):
		e.Kind = Offline
	}
	return e
}
