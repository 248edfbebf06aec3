//go:build ignore

// pack writes a zip or tar.gz reproducibly: entries in the order given,
// every time stamp the commit's (SOURCE_DATE_EPOCH), no owner, fixed modes
// (0755 for programs and .cmd, 0644 else). Used by scripts/release:
//
//	go run scripts/pack.go OUT.zip|OUT.tar.gz EPOCH NAME=SRC...
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: go run scripts/pack.go OUT.zip|OUT.tar.gz EPOCH NAME=SRC...")
		os.Exit(2)
	}
	out, entries := os.Args[1], os.Args[3:]
	epoch, err := strconv.ParseInt(os.Args[2], 10, 64)
	if err != nil {
		fail(err)
	}
	mtime := time.Unix(epoch, 0).UTC()
	f, err := os.Create(out)
	if err != nil {
		fail(err)
	}
	switch {
	case strings.HasSuffix(out, ".zip"):
		err = writeZip(f, mtime, entries)
	case strings.HasSuffix(out, ".tar.gz"):
		err = writeTarGz(f, mtime, entries)
	default:
		err = fmt.Errorf("%s: want .zip or .tar.gz", out)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pack:", err)
	os.Exit(1)
}

func mode(name string) fs.FileMode {
	ext := path.Ext(name)
	if ext == "" || ext == ".exe" || ext == ".cmd" {
		return 0o755
	}
	return 0o644
}

func each(entries []string, fn func(name string, data []byte) error) error {
	for _, e := range entries {
		name, src, ok := strings.Cut(e, "=")
		if !ok {
			return fmt.Errorf("%q: want NAME=SRC", e)
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := fn(name, data); err != nil {
			return err
		}
	}
	return nil
}

func writeZip(w io.Writer, mtime time.Time, entries []string) error {
	zw := zip.NewWriter(w)
	err := each(entries, func(name string, data []byte) error {
		fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mtime}
		fh.SetMode(mode(name))
		fw, err := zw.CreateHeader(fh)
		if err == nil {
			_, err = fw.Write(data)
		}
		return err
	})
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeTarGz(w io.Writer, mtime time.Time, entries []string) error {
	gz, _ := gzip.NewWriterLevel(w, gzip.BestCompression) // no name, no time in the gzip header
	tw := tar.NewWriter(gz)
	err := each(entries, func(name string, data []byte) error {
		hdr := &tar.Header{Name: name, Mode: int64(mode(name)), Size: int64(len(data)), ModTime: mtime,
			Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		_, err := tw.Write(data)
		return err
	})
	if cerr := tw.Close(); err == nil {
		err = cerr
	}
	if cerr := gz.Close(); err == nil {
		err = cerr
	}
	return err
}
