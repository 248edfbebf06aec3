package seal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// strictJSON accepts exactly one JSON value with no duplicate object key at
// any depth. Decoders disagree on duplicates (Go keeps the last, others the
// first), so a bundle with one could show a back office other content than
// was verified; trailing data could hide a second document.
func strictJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := strictValue(dec, ""); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the end of the bundle")
	}
	return nil
}

func strictValue(dec *json.Decoder, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		return strictObject(dec, path)
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if err := strictValue(dec, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		_, err = dec.Token() // ]
		return err
	}
	return nil
}

func strictObject(dec *json.Decoder, path string) error {
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		k, _ := tok.(string)
		at := k
		if path != "" {
			at = path + "." + k
		}
		if seen[k] {
			return fmt.Errorf("duplicate key %q", at)
		}
		seen[k] = true
		if err := strictValue(dec, at); err != nil {
			return err
		}
	}
	_, err := dec.Token() // }
	return err
}
