package service

import (
	"os"
	"testing"

	"rueckgabe/photo"
	"rueckgabe/store"
)

// An amount of 35 digits, as a protocol stored before amounts were bounded
// may total, is listed German style with "€" as every other is.
func TestGrossTextFormatsEverySize(t *testing.T) {
	for gross, want := range map[string]string{
		"633.81":                                 "633,81 €",
		"99999999999999999999999999999999999.99": "99.999.999.999.999.999.999.999.999.999.999.999,99 €",
	} {
		if got := GrossText(store.Summary{Gross: gross}); got != want {
			t.Errorf("%s: %q, want %q", gross, got, want)
		}
	}
}

// A device (/dev/zero, /dev/null) is no photo: said so, not "is empty"
// (its size is 0) nor read without end.
func TestReadPhotoFileRefusesADevice(t *testing.T) {
	_, err := ReadPhotoFile(os.DevNull)
	if !photo.IsRefused(err) || err.Error() != "is not a regular file (a device, pipe or socket), not a photo" {
		t.Fatalf("%v", err)
	}
}
