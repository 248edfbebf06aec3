package bucket

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// credentials are an access key, its secret and, for temporary keys, a
// session token.
type credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
}

// lookupCredentials finds the credentials the standard way, as the AWS
// command line and SDKs do for static keys: AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (or the older AWS_ACCESS_KEY / AWS_SECRET_KEY) with
// AWS_SESSION_TOKEN; else the profile AWS_PROFILE ("default") of the shared
// credentials file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials).
// A profile that names SSO or a credential_process instead of keys is
// refused with a sentence saying so: rueckgabe runs no other program and
// asks no login service for keys. No credentials at all is ErrNoCredentials.
func lookupCredentials() (credentials, error) {
	id := firstEnv("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY")
	secret := firstEnv("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY")
	if id != "" && secret != "" {
		return checked(credentials{id, secret, strings.TrimSpace(os.Getenv("AWS_SESSION_TOKEN"))}, "the environment")
	}
	file := os.Getenv("AWS_SHARED_CREDENTIALS_FILE")
	named := file != ""
	if !named {
		home, err := os.UserHomeDir()
		if err != nil {
			return credentials{}, ErrNoCredentials
		}
		file = filepath.Join(home, ".aws", "credentials")
	}
	profile := os.Getenv("AWS_PROFILE")
	if profile == "" {
		profile = "default"
	}
	data, err := readSmall(file)
	switch {
	case errors.Is(err, os.ErrNotExist) && named:
		return credentials{}, fmt.Errorf("%w (AWS_SHARED_CREDENTIALS_FILE names %s, which is not there)", ErrNoCredentials, file)
	case errors.Is(err, os.ErrNotExist):
		return credentials{}, ErrNoCredentials
	case err != nil:
		return credentials{}, fmt.Errorf("%w: %v", ErrCredentialsFile, err)
	}
	keys, found, err := readProfile(data, profile)
	if err != nil {
		return credentials{}, fmt.Errorf("%w: %s: %v", ErrCredentialsFile, file, err)
	}
	if !found {
		return credentials{}, fmt.Errorf("%w (%s has no profile %q)", ErrNoCredentials, file, profile)
	}
	c := credentials{keys["aws_access_key_id"], keys["aws_secret_access_key"], keys["aws_session_token"]}
	where := fmt.Sprintf("%s, profile %q", file, profile)
	switch {
	case c.AccessKeyID != "" && c.SecretAccessKey != "":
		return checked(c, where)
	case c.AccessKeyID != "" || c.SecretAccessKey != "":
		return credentials{}, fmt.Errorf("%w: %s: aws_access_key_id and aws_secret_access_key must both be set", ErrCredentialsFile, where)
	case keys["credential_process"] != "" || keys["sso_session"] != "" || keys["sso_start_url"] != "" || keys["sso_role_name"] != "":
		return credentials{}, fmt.Errorf("%w: %s gets its keys by SSO or credential_process, which rueckgabe does not run: give it keys (aws_access_key_id, aws_secret_access_key) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", ErrCredentialsFile, where)
	}
	return credentials{}, fmt.Errorf("%w (%s names no aws_access_key_id)", ErrNoCredentials, where)
}

// ErrCredentialsFile: the shared credentials file cannot be read as one
// (not a file, not UTF-8, broken, a profile without a whole key pair).
var ErrCredentialsFile = errors.New("the shared credentials file cannot be used")

// checked refuses keys that cannot go into a request header or its
// signature: a line end or other control character pasted with them
// (environment variables set from a file with Windows line ends); the white
// space around an access key and its secret is dropped.
func checked(c credentials, where string) (credentials, error) {
	c.AccessKeyID, c.SecretAccessKey = strings.TrimSpace(c.AccessKeyID), strings.TrimSpace(c.SecretAccessKey)
	for _, v := range []string{c.AccessKeyID, c.SecretAccessKey, c.SessionToken} {
		for _, r := range v {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
				return credentials{}, fmt.Errorf("%w: the access key, secret or session token of %s holds a character no key has (U+%04X)", ErrCredentialsFile, where, r)
			}
		}
	}
	return c, nil
}

// maxCredentialsFile: a credentials file is a few hundred bytes; one larger
// than this is not one.
const maxCredentialsFile = 1 << 20

// readSmall reads a credentials file whole, refusing one that is not a
// regular file or larger than maxCredentialsFile.
func readSmall(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a file", file)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxCredentialsFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxCredentialsFile {
		return nil, fmt.Errorf("%s is larger than %d bytes", file, maxCredentialsFile)
	}
	return data, nil
}

func firstEnv(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// readProfile reads the keys of one section of an INI file as the AWS tools
// write it: "[name]" (or "[profile name]", as in ~/.aws/config), then
// "key = value" lines; "#" and ";" start comments; keys are case-insensitive;
// a later section of the same name adds to the first. Indented lines belong
// to a nested block (s3 = …) and are skipped. Windows' line ends, old Macs'
// and a byte order mark at the start (Notepad) are allowed; UTF-16 is
// refused with a sentence saying how to save it.
func readProfile(data []byte, profile string) (map[string]string, bool, error) {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return nil, false, errors.New("is UTF-16 (PowerShell's > or Notepad's \"Unicode\"): save it as UTF-8")
	}
	if !utf8.Valid(data) {
		return nil, false, errors.New("is not UTF-8 text")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // Notepad's byte order mark
	keys := map[string]string{}
	found, in := false, false
	// lines end in LF, CRLF or (old Mac editors) CR alone
	text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	for n, raw := range strings.Split(text, "\n") {
		n++
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				return nil, false, fmt.Errorf("line %d: a section without its closing ]", n)
			}
			name := strings.TrimSpace(line[1:end])
			name = strings.TrimSpace(strings.TrimPrefix(name, "profile "))
			in = name == profile
			found = found || in
			continue
		}
		if !in || raw[0] == ' ' || raw[0] == '\t' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		keys[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	return keys, found, nil
}
