//go:build !windows

package bucket

import "golang.org/x/net/http/httpproxy"

// systemProxy: on Unix and macOS the environment is the system's proxy
// setting (macOS's network preferences are not read).
func systemProxy() *httpproxy.Config { return nil }
