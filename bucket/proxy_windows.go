package bucket

import (
	"golang.org/x/net/http/httpproxy"
	"golang.org/x/sys/windows/registry"
)

// systemProxy is the user's manual proxy setting from the registry (what
// Internet Options and Settings › Network › Proxy write); nil when none.
func systemProxy() *httpproxy.Config {
	k, err := registry.OpenKey(registry.CURRENT_USER, `Software\Microsoft\Windows\CurrentVersion\Internet Settings`, registry.QUERY_VALUE)
	if err != nil {
		return nil
	}
	defer k.Close()
	enable, _, err := k.GetIntegerValue("ProxyEnable")
	if err != nil {
		return nil
	}
	server, _, _ := k.GetStringValue("ProxyServer")
	override, _, _ := k.GetStringValue("ProxyOverride")
	return windowsProxyConfig(enable != 0, server, override)
}
