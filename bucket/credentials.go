package bucket

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
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
		return credentials{id, secret, os.Getenv("AWS_SESSION_TOKEN")}, nil
	}
	file := os.Getenv("AWS_SHARED_CREDENTIALS_FILE")
	if file == "" {
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
	f, err := os.Open(file)
	if errors.Is(err, os.ErrNotExist) {
		return credentials{}, ErrNoCredentials
	}
	if err != nil {
		return credentials{}, fmt.Errorf("%w (%v)", ErrNoCredentials, err)
	}
	defer f.Close()
	keys, found, err := readProfile(io.LimitReader(f, 1<<20), profile)
	if err != nil {
		return credentials{}, fmt.Errorf("%s: %w", file, err)
	}
	if !found {
		return credentials{}, ErrNoCredentials
	}
	c := credentials{keys["aws_access_key_id"], keys["aws_secret_access_key"], keys["aws_session_token"]}
	switch {
	case c.AccessKeyID != "" && c.SecretAccessKey != "":
		return c, nil
	case c.AccessKeyID != "" || c.SecretAccessKey != "":
		return credentials{}, fmt.Errorf("%s, profile %q: aws_access_key_id and aws_secret_access_key must both be set", file, profile)
	case keys["credential_process"] != "" || keys["sso_session"] != "" || keys["sso_start_url"] != "" || keys["sso_role_name"] != "":
		return credentials{}, fmt.Errorf("%s, profile %q: gets its keys by SSO or credential_process, which rueckgabe does not run: give it keys (aws_access_key_id, aws_secret_access_key) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", file, profile)
	}
	return credentials{}, ErrNoCredentials
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
// to a nested block (s3 = …) and are skipped. Windows' line ends and a byte
// order mark at the start (Notepad) are allowed.
func readProfile(r io.Reader, profile string) (map[string]string, bool, error) {
	keys := map[string]string{}
	found, in := false, false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64*1024)
	for n := 1; sc.Scan(); n++ {
		raw := sc.Text()
		if n == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff") // Notepad's byte order mark
		}
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
	if err := sc.Err(); err != nil {
		return nil, false, err
	}
	return keys, found, nil
}
