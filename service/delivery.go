package service

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/textfile"
	"rueckgabe/store"
)

// RecordDir is the folder of the data directory whose delivery record files
// (docs/format.md, "The delivery record file") the TUI offers.
const RecordDir = "lieferumfang"

// StartDelivery stores a draft handover protocol for the car of a delivery
// record file, by the CLI's import and the TUI's pick alike. A file with
// problems stores nothing; its problems are returned.
func StartDelivery(st *store.Store, rules *catalog.Rules, data []byte, dev Device) (*store.Record, *inspection.Protocol, inspection.Problems, error) {
	text, err := textfile.Decode(data)
	if err != nil {
		return nil, nil, nil, err
	}
	rf, probs := inspection.DecodeRecordFile(text)
	if len(probs) > 0 {
		return nil, nil, probs, nil
	}
	p := rf.NewDelivery(rules, dev.Inspector, dev.Dealership)
	rec, err := st.Save(p, 0, dev.By())
	if err != nil {
		return nil, nil, nil, err
	}
	return rec, p, nil, nil
}

// RecordFiles are the delivery record files in the data directory's
// lieferumfang/ folder, by name; none when it does not exist.
func RecordFiles(dataDir string) []string {
	entries, err := os.ReadDir(filepath.Join(dataDir, RecordDir))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(e.Name()), ".json") {
			out = append(out, filepath.Join(dataDir, RecordDir, e.Name()))
		}
	}
	sort.Strings(out)
	return out
}
