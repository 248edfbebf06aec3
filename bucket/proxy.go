package bucket

import (
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpproxy"
)

// proxy picks the HTTP proxy for a request: the environment's
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, upper or lower case) when any of
// these is set, else the system's where the platform has one to read
// (Windows: the user's Internet Settings, proxy_windows.go); else none.
func proxy() func(*http.Request) (*url.URL, error) {
	cfg := httpproxy.FromEnvironment() // read now: http.ProxyFromEnvironment reads once per process
	if cfg.HTTPProxy == "" && cfg.HTTPSProxy == "" && cfg.NoProxy == "" {
		if sys := systemProxy(); sys != nil {
			cfg = sys
		}
	}
	f := cfg.ProxyFunc()
	return func(r *http.Request) (*url.URL, error) { return f(r.URL) }
}

// windowsProxyConfig reads Windows' manual proxy settings (Internet Options,
// "Use a proxy server"): ProxyServer is "host:port" for every scheme or
// "http=host:port;https=host:port;…"; ProxyOverride lists hosts without a
// proxy, separated by ";" ("*.corp.example", "<local>" for names without a
// dot — the latter and wildcards inside a name are not supported and
// ignored). Automatic configuration (PAC scripts, WPAD) is not read.
func windowsProxyConfig(enabled bool, server, override string) *httpproxy.Config {
	server = strings.TrimSpace(server)
	if !enabled || server == "" {
		return nil
	}
	cfg := &httpproxy.Config{}
	if !strings.Contains(server, "=") {
		cfg.HTTPProxy, cfg.HTTPSProxy = server, server
	} else {
		for _, part := range strings.Split(server, ";") {
			scheme, addr, ok := strings.Cut(strings.TrimSpace(part), "=")
			switch {
			case !ok:
			case strings.EqualFold(scheme, "http"):
				cfg.HTTPProxy = addr
			case strings.EqualFold(scheme, "https"):
				cfg.HTTPSProxy = addr
			}
		}
		if cfg.HTTPSProxy == "" {
			cfg.HTTPSProxy = cfg.HTTPProxy // what Windows does for an https URL then
		}
	}
	var no []string
	for _, h := range strings.Split(override, ";") {
		h = strings.TrimSpace(h)
		switch {
		case h == "", h == "<local>":
		case strings.HasPrefix(h, "*.") && !strings.Contains(h[2:], "*"):
			no = append(no, h[1:]) // ".corp.example": the domain and below
		case !strings.Contains(h, "*"):
			no = append(no, h)
		}
	}
	cfg.NoProxy = strings.Join(no, ",")
	return cfg
}
