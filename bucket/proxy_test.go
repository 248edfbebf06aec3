package bucket

import (
	"net/http"
	"net/url"
	"testing"
)

func TestWindowsProxySettings(t *testing.T) {
	must := func(s string) *url.URL { u, _ := url.Parse(s); return u }
	cases := []struct {
		enabled          bool
		server, override string
		target, want     string
	}{
		{true, "proxy.corp:8080", "", "https://s3.example.com/b", "http://proxy.corp:8080"},
		{true, "proxy.corp:8080", "", "http://s3.example.com/b", "http://proxy.corp:8080"},
		{false, "proxy.corp:8080", "", "https://s3.example.com/b", ""},
		{true, "", "", "https://s3.example.com/b", ""},
		{true, "http=p1:80;https=p2:443;socks=p3:1080", "", "https://s3.example.com/b", "http://p2:443"},
		{true, "http=p1:80;https=p2:443", "", "http://s3.example.com/b", "http://p1:80"},
		{true, "http=p1:80", "", "https://s3.example.com/b", "http://p1:80"},
		{true, "proxy.corp:8080", "*.example.com;<local>;10.*", "https://s3.example.com/b", ""},
		{true, "proxy.corp:8080", "*.example.com", "https://s3.other.org/b", "http://proxy.corp:8080"},
		{true, "proxy.corp:8080", "s3.intern", "http://s3.intern/b", ""},
	}
	for _, c := range cases {
		cfg := windowsProxyConfig(c.enabled, c.server, c.override)
		got := ""
		if cfg != nil {
			u, err := cfg.ProxyFunc()(must(c.target))
			if err != nil {
				t.Fatal(err)
			}
			if u != nil {
				got = u.String()
			}
		}
		if got != c.want {
			t.Errorf("%v %q %q → %s: proxy %q, want %q", c.enabled, c.server, c.override, c.target, got, c.want)
		}
	}
}

// The environment comes first, as it always did.
func TestEnvironmentProxyWins(t *testing.T) {
	t.Setenv("HTTPS_PROXY", "http://from-env:3128")
	r := mustRequest(t, "https://s3.example.com/b")
	u, err := proxy()(r)
	if err != nil || u == nil || u.Host != "from-env:3128" {
		t.Fatalf("proxy %v %v", u, err)
	}
}

func mustRequest(t *testing.T, s string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
