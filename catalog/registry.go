package catalog

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"rueckgabe/internal/canon"

	"rueckgabe/internal/textfile"
)

//go:embed data/*.json
var builtinFS embed.FS

// DefaultProfile is the profile a protocol without one is judged by.
const DefaultProfile = "bmw-fs-de"

// ProfileDir is where a dealer's own profile files live, inside the data
// directory.
const ProfileDir = "profiles"

// Registry is every profile this program knows: the built-ins and, when
// loaded from a data directory, the dealer's own files.
type Registry struct {
	mu     sync.RWMutex // guards byRef, latest, byHash and pinnedRaw against AddPinned
	byHash map[string]*Rules
	// pinnedRaw: data AddPinned took, exactly as given, and what it gave
	pinnedRaw map[string]*Rules
	list      []*Rules
	byRef     map[string]*Rules
	latest    map[string]*Rules
	parts     *components
	// Refused names the dealer files that did not load, each problem once.
	Refused Problems
}

var (
	builtinOnce sync.Once
	builtinReg  *Registry
	builtinErr  error
)

// Builtin returns the registry of the built-in profiles.
func Builtin() (*Registry, error) { return builtinRegistry() }

func builtinRegistry() (*Registry, error) {
	builtinOnce.Do(func() { builtinReg, builtinErr = loadBuiltin() })
	return builtinReg, builtinErr
}

// loadBuiltin reads every embedded data file, components first, then the
// profiles that name them.
func loadBuiltin() (*Registry, error) {
	names, err := builtinFS.ReadDir("data")
	if err != nil {
		return nil, err
	}
	parts := &components{catalogues: map[string]*Catalogue{}, factors: map[string]*FactorTable{}, fees: map[string]*FeeSchedule{}, raw: map[string][]byte{}}
	var profiles [][2]string
	var errs []error
	for _, n := range names {
		file := "data/" + n.Name()
		b, err := builtinFS.ReadFile(file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var head struct{ Format string }
		if err := json.Unmarshal(b, &head); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", file, err))
			continue
		}
		switch head.Format {
		case FormatCatalogue:
			errs = append(errs, addPart(parts.catalogues, parts.raw, "catalogue", file, b, ParseCatalogue, (*Catalogue).Ref))
		case FormatFactors:
			errs = append(errs, addPart(parts.factors, parts.raw, "factors", file, b, ParseFactors, func(t *FactorTable) string { return t.ID + "@" + t.Version }))
		case FormatFees:
			errs = append(errs, addPart(parts.fees, parts.raw, "fees", file, b, ParseFees, func(s *FeeSchedule) string { return s.ID + "@" + s.Version }))
		case FormatProfile:
			profiles = append(profiles, [2]string{file, string(b)})
		default:
			errs = append(errs, fmt.Errorf("%s: unknown format %q", file, head.Format))
		}
	}
	reg := &Registry{byRef: map[string]*Rules{}, latest: map[string]*Rules{}, byHash: map[string]*Rules{}, parts: parts}
	for _, pf := range profiles {
		r, err := parseProfile(pf[0], []byte(pf[1]), parts)
		if err == nil {
			err = reg.add(r)
		}
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if _, err := reg.Resolve(DefaultProfile); err != nil {
		return nil, err
	}
	return reg, nil
}

func addPart[T any](into map[string]*T, raw map[string][]byte, kind, file string, b []byte, parse func(string, []byte) (*T, error), ref func(*T) string) error {
	v, err := parse(file, b)
	if err != nil {
		return err
	}
	into[ref(v)] = v
	raw[kind+":"+ref(v)] = b
	return nil
}

// LoadDir returns the built-in profiles plus the dealer's profile files in
// dir/profiles/*.json. A file that does not validate is left out and named,
// with every problem, in Refused; it never hides a built-in.
func LoadDir(dir string) (*Registry, error) {
	base, err := builtinRegistry()
	if err != nil {
		return nil, err
	}
	files, _ := filepath.Glob(filepath.Join(dir, ProfileDir, "*.json"))
	if len(files) == 0 {
		return base, nil
	}
	sort.Strings(files)
	reg := &Registry{byRef: map[string]*Rules{}, latest: map[string]*Rules{}, byHash: map[string]*Rules{}, parts: base.parts}
	for _, r := range base.list {
		_ = reg.add(r.copyFor(reg))
	}
	for _, f := range files {
		b, err := textfile.ReadFile(f)
		if err != nil {
			reg.Refused = append(reg.Refused, Problem{File: f, Msg: err.Error()})
			continue
		}
		r, err := parseProfile(f, b, base.parts)
		if err == nil {
			err = reg.add(r)
		}
		if ps, ok := AsProblems(err); ok {
			reg.Refused = append(reg.Refused, ps...)
		} else if err != nil {
			reg.Refused = append(reg.Refused, Problem{File: f, Msg: err.Error()})
		}
	}
	return reg, nil
}

// copyFor is a shallow copy of a built-in profile that resolves in reg.
func (r *Rules) copyFor(reg *Registry) *Rules {
	c := *r
	c.registry = reg
	return &c
}

func (reg *Registry) add(r *Rules) error {
	if old, dup := reg.byRef[r.Ref()]; dup {
		return Problems{{Path: "version", Msg: fmt.Sprintf("%s is already defined (%s); give the new content a new version", r.Ref(), old.Title)}}
	}
	r.registry = reg
	reg.list = append(reg.list, r)
	reg.byRef[r.Ref()] = r
	reg.byHash[r.Hash] = r
	if cur, ok := reg.latest[r.ID]; !ok || versionLess(cur.Version, r.Version) {
		reg.latest[r.ID] = r
	}
	return nil
}

// versionLess orders versions numerically when both are numbers.
func versionLess(a, b string) bool {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return x < y
	}
	return a < b
}

// Default is the default profile's newest version.
func (reg *Registry) Default() *Rules {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	return reg.latest[DefaultProfile]
}

// List returns every profile, built-ins first.
func (reg *Registry) List() []*Rules { return slices.Clone(reg.list) }

// Latest returns the newest version of each profile, in List order.
func (reg *Registry) Latest() []*Rules {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	var out []*Rules
	for _, r := range reg.list {
		if reg.latest[r.ID] == r {
			out = append(out, r)
		}
	}
	return out
}

// Resolve returns a profile by "id" (its newest version) or "id@version".
func (reg *Registry) Resolve(ref string) (*Rules, error) {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	if ref == "" {
		ref = DefaultProfile
	}
	if id, _, ok := strings.Cut(ref, "@"); ok {
		if r, ok := reg.byRef[ref]; ok {
			return r, nil
		}
		if _, known := reg.latest[id]; known {
			return nil, fmt.Errorf("profile %q: this version is not on this device (newest: %s)", ref, reg.latest[id].Ref())
		}
	} else if r, ok := reg.latest[ref]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("profile %q is not known (known: %s)", ref, strings.Join(reg.refs(), ", "))
}

func (reg *Registry) refs() []string {
	out := make([]string, len(reg.list))
	for i, r := range reg.list {
		out[i] = r.Ref()
	}
	return out
}

// profileHash is SHA-256 over the canonical JSON (RFC 8785) of the profile
// file and each component, so reformatting a file keeps the hash and any
// change of content changes it.
func profileHash(parts ...[]byte) (string, error) {
	h := sha256.New()
	h.Write([]byte("rueckgabe/profile-hash@1\n"))
	for i, p := range parts {
		transform := canon.Transform
		if i > 0 {
			transform = canonicalPart // a component: most profiles share theirs
		}
		c, err := transform(p)
		if err != nil {
			return "", err
		}
		h.Write(c)
		h.Write([]byte{'\n'})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// partCanon keeps the canonical form of the components profiles were
// hashed with, by their bytes: the four built-in profiles share one 21 KB
// catalogue, which was canonicalised four times at every start that loads
// the rules (issue 26). At most maxPartCanon are kept.
var partCanon struct {
	sync.Mutex
	m map[string][]byte
}

const maxPartCanon = 32

// canonicalPart is canon.Transform of a component, from partCanon when it
// was made before.
func canonicalPart(p []byte) ([]byte, error) {
	partCanon.Lock()
	c, ok := partCanon.m[string(p)]
	partCanon.Unlock()
	if ok {
		return c, nil
	}
	c, err := canon.Transform(p)
	if err != nil {
		return nil, err
	}
	partCanon.Lock()
	if partCanon.m == nil {
		partCanon.m = map[string][]byte{}
	}
	if len(partCanon.m) < maxPartCanon {
		partCanon.m[string(p)] = c
	}
	partCanon.Unlock()
	return c, nil
}

func firstKey[T any](m map[string]*T) string {
	k := keys(m)
	if i := strings.Index(k, ","); i > 0 {
		return k[:i]
	}
	return k
}

func keys[T any](m map[string]*T) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
