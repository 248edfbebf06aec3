package inspection

import (
	"bytes"
	"encoding/json"
)

// marshalIndent is json.MarshalIndent without HTML escaping: "> 24 Monate" and
// "Müller & Söhne" stay readable in files people and back offices open.
func marshalIndent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
