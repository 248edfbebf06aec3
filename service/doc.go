// Package service holds the workflows the TUI and the commands share on top
// of the store: sealing a stored protocol through the device's chain, the
// bundle and PDF of a stored record, exporting what is pending. seal stays
// the cryptography over a protocol; store stays the storage.
package service
