package inspection

import (
	"bytes"
	"strings"
	"testing"
)

// TestFormatDocExampleIsValid keeps docs/format.md honest: its complete
// example is the test fixture, and it decodes without a problem.
func TestFormatDocExampleIsValid(t *testing.T) {
	doc := string(readFile(t, "../docs/format.md"))
	_, rest, ok := strings.Cut(doc, "## Complete example\n\n```json\n")
	if !ok {
		t.Fatal("docs/format.md has no complete example")
	}
	example, _, _ := strings.Cut(rest, "\n```")
	fixture := readFile(t, "../testdata/full-example.json")
	if !bytes.Equal(bytes.TrimSpace([]byte(example)), bytes.TrimSpace(fixture)) {
		t.Error("the example in docs/format.md differs from testdata/full-example.json")
	}
	if _, probs := Decode(fixture, rules); len(probs) > 0 {
		t.Errorf("the documented example has problems: %v", probs)
	}
}
