package bucket

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// The requests of the S3 API that sync needs, signed with AWS Signature
// Version 4 (the SDK's signer), path-style (https://HOST/BUCKET/KEY), each
// with the SHA-256 of its body in x-amz-content-sha256. This replaced
// minio-go: Go runs the package initialisation of everything linked at every
// start of the program — of `--help` and of the TUI too —, and minio-go's
// took ≈ 1.5 ms of it (issue 26).

// emptySHA256 is the SHA-256 of no bytes, the payload hash of a GET.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// Retries: a request the server answers with "busy" or "internal error", or
// one the network breaks, is sent again up to twice, after 0.2 and 0.4 s
// (with jitter), as minio-go did.
const (
	maxAttempts = 3
	retryUnit   = 200 * time.Millisecond
)

// ServerError is an error response of the object store: the HTTP status and
// the S3 error code ("NoSuchBucket", "AccessDenied", …) with its message.
type ServerError struct {
	Status    int
	Code      string
	Message   string
	Region    string // where the bucket is, when the server says (wrong region)
	RequestID string
}

func (e *ServerError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("%s: %s (HTTP %d)", e.Code, msg, e.Status)
}

// s3 is the signed HTTP transport of a Client.
type s3 struct {
	hc     *http.Client
	scheme string
	host   string // as given; for AWS's global endpoint the regional host is used once the region is known
	aws    bool   // host is s3.amazonaws.com
	creds  aws.Credentials
	signer *v4.Signer
	sleep  func(context.Context, time.Duration) error // waits between attempts (tests: none)

	mu     sync.Mutex
	region string
}

func (s *s3) currentRegion() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.region
}

// hostFor is where requests for region go: AWS's global endpoint answers
// path-style requests only for us-east-1, the others at s3.REGION.amazonaws.com.
func (s *s3) hostFor(region string) string {
	if s.aws && region != "" && region != "us-east-1" {
		return "s3." + region + ".amazonaws.com"
	}
	return s.host
}

// body is what a request sends: size bytes of at, with their SHA-256 (hex).
type body struct {
	at     io.ReaderAt
	size   int64
	sha256 string
}

// request is one S3 request.
type request struct {
	method string
	bucket string
	key    string
	query  url.Values
	header http.Header
	body   *body
}

// do sends a request, again after a failure worth retrying, and after a
// "wrong region" answer once to the region the server names. A response
// other than 2xx is returned as a *ServerError, its body read and closed.
func (s *s3) do(ctx context.Context, r request) (*http.Response, error) {
	redirected := false
	for attempt := 1; ; attempt++ {
		region := s.currentRegion()
		resp, err := s.send(ctx, r, region)
		if err == nil && resp.StatusCode/100 == 2 {
			return resp, nil
		}
		var serr *ServerError
		if err == nil {
			serr = readError(resp, r.key != "")
			err = serr
		}
		if ctx.Err() != nil {
			return nil, err
		}
		if serr != nil && !redirected {
			if to := serr.Region; validRegion(to) && to != region {
				s.mu.Lock()
				s.region = to
				s.mu.Unlock()
				redirected = true
				attempt--
				continue
			}
		}
		if attempt >= maxAttempts || !retryable(serr, err) {
			return nil, err
		}
		wait := retryUnit << (attempt - 1)
		wait += time.Duration(rand.Int64N(int64(wait) / 2))
		if err := s.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// validRegion: a region's name as AWS writes them (eu-central-1): it
// becomes part of a host name and of the signature's scope, so a server's
// answer naming anything else ("attacker.example/") is not followed.
func validRegion(r string) bool {
	if r == "" || len(r) > 40 {
		return false
	}
	for i := 0; i < len(r); i++ {
		if c := r[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// retryable: the server was busy or failed inside, or the connection broke
// (not: it could not be made at all — an offline laptop is told at once).
func retryable(serr *ServerError, err error) bool {
	if serr != nil {
		switch serr.Status {
		case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
			http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		switch serr.Code {
		case "InternalError", "SlowDown", "RequestTimeout", "Throttling", "ThrottlingException", "RequestLimitExceeded", "RequestThrottled", "ServiceUnavailable":
			return true
		}
		return false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return !dialFailed(err) && !tlsFailed(err)
}

// tlsFailed: no trusted TLS connection — the certificate is not trusted here
// or names another host, or the server answered https in plain http.
// Asking again would not change it.
func tlsFailed(err error) bool {
	var cve *tls.CertificateVerificationError
	var uae x509.UnknownAuthorityError
	var hne x509.HostnameError
	var rhe tls.RecordHeaderError
	return errors.As(err, &cve) || errors.As(err, &uae) || errors.As(err, &hne) || errors.As(err, &rhe) ||
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// dialFailed: no connection was made (refused, no route, name unknown,
// timed out connecting) — nothing to retry on a laptop without network.
func dialFailed(err error) bool {
	var oe *net.OpError
	var de *net.DNSError
	return errors.As(err, &de) || errors.As(err, &oe) && oe.Op == "dial"
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// send builds, signs and sends one attempt.
func (s *s3) send(ctx context.Context, r request, region string) (*http.Response, error) {
	host := s.hostFor(region)
	path := "/" + escapePath(r.bucket)
	if r.key != "" {
		path += "/" + escapePath(r.key)
	}
	var rd io.Reader
	if r.body != nil {
		rd = io.NewSectionReader(r.body.at, 0, r.body.size)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, s.scheme+"://"+host+"/", rd)
	if err != nil {
		return nil, err
	}
	// sent and signed escaped as here (RawPath), not escaped again
	if req.URL.Path, err = url.PathUnescape(path); err != nil {
		return nil, err
	}
	req.URL.RawPath = path
	req.URL.RawQuery = r.query.Encode()
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "rueckgabe")
	payload := emptySHA256
	if r.body != nil {
		req.ContentLength = r.body.size
		if r.body.size == 0 {
			req.Body = http.NoBody
		}
		payload = r.body.sha256
	}
	req.Header.Set("X-Amz-Content-Sha256", payload)
	if region == "" {
		region = "us-east-1"
	}
	if err := s.signer.SignHTTP(ctx, s.creds, req, payload, "s3", region, time.Now()); err != nil {
		return nil, err
	}
	return s.hc.Do(req)
}

// readError reads an error response: S3's XML error document when there is
// one (at most 64 KB), else the status alone (a HEAD, a proxy's page).
func readError(resp *http.Response, object bool) *ServerError {
	defer resp.Body.Close()
	e := &ServerError{Status: resp.StatusCode, Region: resp.Header.Get("X-Amz-Bucket-Region"), RequestID: resp.Header.Get("X-Amz-Request-Id")}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var doc struct {
		Code, Message, Region, RequestID string
	}
	if xml.Unmarshal(data, &doc) == nil && doc.Code != "" {
		e.Code, e.Message = doc.Code, doc.Message
		if doc.Region != "" && e.Region == "" {
			e.Region = doc.Region
		}
		if doc.RequestID != "" {
			e.RequestID = doc.RequestID
		}
	}
	if e.Code == "" {
		switch resp.StatusCode {
		case http.StatusNotFound:
			e.Code = "NoSuchBucket"
			if object {
				e.Code = "NoSuchKey"
			}
		case http.StatusForbidden:
			e.Code = "AccessDenied"
		case http.StatusMovedPermanently:
			e.Code = "PermanentRedirect"
		default:
			e.Code = strings.ReplaceAll(http.StatusText(resp.StatusCode), " ", "")
		}
	}
	// only a region the server names for a redirect or a wrong signing
	// region is followed; never one of an unrelated error
	switch e.Code {
	case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException", "TemporaryRedirect":
	default:
		if e.Status != http.StatusMovedPermanently {
			e.Region = ""
		}
	}
	return e
}

// escapePath escapes an object key for the request line and the signature
// as S3 wants it: every byte but A–Z a–z 0–9 - _ . ~ and / as %XX.
func escapePath(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	return b.String()
}

// listPage is one page of ListObjectsV2.
type listPage struct {
	XMLName               xml.Name `xml:"ListBucketResult"`
	IsTruncated           bool
	NextContinuationToken string
	EncodingType          string
	Contents              []struct {
		Key          string
		LastModified time.Time
		ETag         string
		Size         int64
	}
}

// Bounds of a listing: a page of 1,000 keys of at most 1,024 bytes is about
// 1.4 MB of XML; a listing that goes on past maxListed objects (or their
// keys past maxListedKeyBytes) is a server that does not stop, not a store.
const (
	maxListPage       = 8 << 20
	maxListedKeyBytes = 256 << 20
)

var maxListed = 2_000_000 // a variable for the tests

// list lists every object under prefix, 1,000 keys a page.
func (s *s3) list(ctx context.Context, bucket, prefix string) ([]Object, error) {
	var out []Object
	token := ""
	seen := map[string]bool{}
	keyBytes := 0
	for {
		q := url.Values{"list-type": {"2"}, "encoding-type": {"url"}, "prefix": {prefix}}
		if token != "" {
			q.Set("continuation-token", token)
		}
		resp, err := s.do(ctx, request{method: http.MethodGet, bucket: bucket, query: q})
		if err != nil {
			return nil, err
		}
		var page listPage
		err = xml.NewDecoder(io.LimitReader(resp.Body, maxListPage)).Decode(&page)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("the listing of %s is not S3's: %w", bucket, err)
		}
		for _, o := range page.Contents {
			key := o.Key
			if page.EncodingType == "url" {
				if k, err := url.QueryUnescape(o.Key); err == nil {
					key = k
				} // else kept as listed: not a key of ours, its reader skips it by name
			}
			keyBytes += len(key)
			if len(out) >= maxListed || keyBytes > maxListedKeyBytes {
				return nil, fmt.Errorf("the listing of %s/%s goes on past %d objects: not followed further", bucket, prefix, len(out))
			}
			out = append(out, Object{Key: key, Size: o.Size, Modified: o.LastModified.Truncate(time.Millisecond), ETag: strings.Trim(o.ETag, `"`)})
		}
		if !page.IsTruncated {
			return out, nil
		}
		if page.NextContinuationToken == "" || seen[page.NextContinuationToken] {
			return nil, fmt.Errorf("the listing of %s goes on without a new continuation token", bucket)
		}
		seen[page.NextContinuationToken] = true
		token = page.NextContinuationToken
	}
}

// hexSum is the hex form of a SHA-256 for x-amz-content-sha256.
func hexSum(sum []byte) string { return hex.EncodeToString(sum) }
