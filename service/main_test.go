package service

import (
	"os"
	"testing"

	"rueckgabe/internal/testkey"
)

// The tests unlock device keys as automation does (testkey.UsePassphrase).
func TestMain(m *testing.M) {
	testkey.UsePassphrase()
	os.Exit(m.Run())
}

var testKey = testkey.Key
