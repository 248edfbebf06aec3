package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"rueckgabe/bucket"
	"rueckgabe/catalog"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/internal/progress"
	"rueckgabe/internal/textfile"
	"rueckgabe/seal"
)

// A back office publishes its lessor profiles to the devices through the
// same bucket: PREFIX/config/profiles/<id@version>.json, each with a
// signature beside it (.sig) by the back office's device key. A device's
// sync fetches them, installs those signed by a key it trusts as publisher
// and valid against its built-in components, and never replaces a profile it has:
// a profile version, once used, never changes (docs/sync.md).

const (
	configProfiles  = "config/profiles"
	maxProfileBytes = 4 << 20
)

// PublishProfiles uploads the dealer profiles of the data directory dir,
// signed with key. It returns the refs published.
func PublishProfiles(ctx context.Context, c *bucket.Client, dir string, key *seal.DeviceKey, prog progress.Reporter) ([]string, error) {
	prog = progress.Or(prog)
	files, _ := filepath.Glob(filepath.Join(dir, catalog.ProfileDir, "*.json"))
	sort.Strings(files)
	prog.Start(len(files))
	var refs []string
	for _, f := range files {
		data, err := textfile.ReadFile(f) // published as UTF-8 whatever the editor saved
		if err != nil {
			return refs, err
		}
		r, err := catalog.ParseProfile(f, data)
		if err != nil {
			return refs, fmt.Errorf("%s is not published: %w", filepath.Base(f), err)
		}
		if !catalog.ValidRef(r.Ref()) { // ParseProfile refuses these; the object name must never leave config/profiles/
			return refs, fmt.Errorf("%s is not published: %q is not a profile ref", filepath.Base(f), r.Ref())
		}
		name := c.Location().Key(configProfiles, r.Ref()+".json")
		if err := c.PutBytes(ctx, name, data); err != nil {
			return refs, err
		}
		if err := c.PutBytes(ctx, name+".sig", seal.SignConfig(key, data)); err != nil {
			return refs, err
		}
		refs = append(refs, r.Ref())
		prog.Step(r.Ref())
	}
	return refs, nil
}

// ConfigResult is what fetching the published profiles did.
type ConfigResult struct {
	Installed []string // refs installed now
	Refused   []error  // published files not installed, each with why
}

// FetchProfiles installs the published profiles this device does not have,
// each only when signed by a key trust holds with the role publisher (a key
// trusted as a device may seal, never change the rules) and valid here.
func FetchProfiles(ctx context.Context, c *bucket.Client, dir string, trust *seal.Trust) (*ConfigResult, error) {
	objs, err := c.List(ctx, configProfiles)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, o := range objs {
		have[o.Key] = true
	}
	local, err := catalog.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	res := &ConfigResult{}
	for _, o := range objs {
		if !strings.HasSuffix(o.Key, ".json") {
			continue
		}
		ref := strings.TrimSuffix(path.Base(o.Key), ".json")
		if !catalog.ValidRef(ref) {
			res.Refused = append(res.Refused, &ObjectError{Key: o.Key, Err: errors.New("is not named <id>@<version>.json (id: a-z, 0-9, -; version: digits)")})
			continue
		}
		if r, err := local.Resolve(ref); err == nil && r.Ref() == ref {
			continue // here already (built in, or installed): a version never changes
		}
		target := filepath.Join(dir, catalog.ProfileDir, ref+".json")
		if !have[o.Key+".sig"] {
			res.Refused = append(res.Refused, &ObjectError{Key: o.Key, Err: errors.New("not signed")})
			continue
		}
		if err := installProfile(ctx, c, o.Key, ref, target, trust); err != nil {
			if bucket.Fatal(err) { // one unreadable object is that object's: the others are installed
				return res, err
			}
			res.Refused = append(res.Refused, &ObjectError{Key: o.Key, Err: err})
			continue
		}
		res.Installed = append(res.Installed, ref)
	}
	return res, nil
}

func installProfile(ctx context.Context, c *bucket.Client, key, ref, target string, trust *seal.Trust) error {
	data, err := c.GetBytes(ctx, key, maxProfileBytes)
	if err != nil {
		return err
	}
	sig, err := c.GetBytes(ctx, key+".sig", 4096)
	if err != nil {
		return err
	}
	if _, err := trust.VerifyProfile(data, sig); err != nil {
		return err
	}
	r, err := catalog.ParseProfile(filepath.Base(key), data)
	if err != nil {
		return err
	}
	if r.Ref() != ref {
		return fmt.Errorf("is named %s but holds %s", ref, r.Ref())
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return err
	}
	return atomicfile.WriteBytes(target, bytes.Clone(data))
}
