package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"rueckgabe/catalog"
	"rueckgabe/inspection"
	"rueckgabe/internal/atomicfile"
	"rueckgabe/report"
	"rueckgabe/service"
	"rueckgabe/store"
)

func (a *app) exportCmd() *cobra.Command {
	var format, out string
	var pending bool
	cmd := &cobra.Command{
		Use:   "export [ID]",
		Short: "Protokoll ausgeben: --format json|bundle|pdf|archive; --pending -o DIR für alle versiegelten",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if pending {
				// marks what it wrote as exported: needs a writable store
				return a.withStore(func(s *store.Store, cfg config) error { return a.exportPending(s, out, cfg.Inspector) })
			}
			if len(args) != 1 {
				return a.fail(exitInvalid, "export braucht eine ID oder --pending -o VERZEICHNIS / export needs an ID, or --pending -o DIR")
			}
			return a.readStore(func(s *store.Store, _ config) error { return a.exportOne(s, args[0], format, out) })
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "Format: json, bundle, pdf oder archive (zip: Bündel, PDF, Fotos; braucht -o)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "Datei (atomar geschrieben); ohne: stdout; mit --pending: Verzeichnis")
	cmd.Flags().BoolVar(&pending, "pending", false, "alle versiegelten, noch nicht exportierten Protokolle als Archiv (ID.zip), Bündel und PDF")
	return cmd
}

// exportOne writes one protocol in a format; bundle and pdf need a sealed one
// (pdf prints a draft with an ENTWURF mark).
func (a *app) exportOne(s *store.Store, id, format, out string) error {
	rules, err := a.rules()
	if err != nil {
		return err
	}
	rec, _, err := s.Get(id)
	if errors.Is(err, store.ErrNotFound) {
		return a.fail(exitInvalid, "%s: kein solches Protokoll / no such protocol (see 'rueckgabe list')", id)
	}
	if err != nil {
		return err
	}
	// a sealed protocol is given out only as sealed: never one that does
	// not match its seal any more
	p, err := service.OutputProtocol(rec, rules)
	if err != nil {
		return a.fail(exitFailure, "%s", service.Sentence(err))
	}
	var data []byte
	switch format {
	case "json":
		doc, err := inspection.Encode(p)
		if err != nil {
			return err
		}
		return a.writeJSON(out, append(doc, '\n'))
	case "bundle":
		// escaped characters keep the bundle valid: verify hashes the
		// canonical form, which decodes them
		if data, _, err = service.BundleOf(rec, rules); err != nil {
			return a.fail(exitInvalid, "%s", service.Sentence(err))
		}
		return a.writeJSON(out, data)
	case "archive":
		return a.exportArchive(s, rec, rules, out)
	case "pdf":
		if out == "" || out == "-" {
			// a PDF is bytes: on a terminal they are escape sequences
			if _, err := a.binaryStdout("--format pdf"); err != nil {
				return err
			}
		}
		if data, err = a.pdf(rec, p); err != nil {
			return err
		}
		for _, w := range report.Unprintable(p) {
			a.say(a.stderr, "warning: %s: not in the PDF fonts, drawn as %c (the protocol keeps the original)", w, report.Replacement)
		}
	default:
		return a.fail(exitInvalid, "--format: %q ist kein Format (json, bundle, pdf oder archive) / is not a format (use json, bundle, pdf or archive)", format)
	}
	return a.writeOutput(out, data)
}

// exportPending writes a bundle and a PDF for every sealed protocol not yet
// exported, and marks each exported only after both files are durably written.
func (a *app) exportPending(s *store.Store, dir string, by string) error {
	if dir == "" {
		return a.fail(exitInvalid, "--pending braucht -o VERZEICHNIS / needs -o DIR (the directory for the bundles)")
	}
	if dir == "-" { // many files, each marked exported once written: never a folder named "-"
		return a.fail(exitInvalid, "--pending -o -: braucht ein Verzeichnis / needs a directory (-o DIR); one protocol to stdout: export ID --format archive -o -")
	}
	if found, _ := a.underDataDir(dir); found {
		return a.fail(exitInvalid, "--pending -o %s: nicht ins Datenverzeichnis und seine Ordner / not into the data directory or its folders: choose an export folder elsewhere", dir)
	}
	rules, err := a.rules()
	if err != nil {
		return err
	}
	prog := a.progress("export")
	done, failed, err := service.ExportPending(s, rules, dir, by, nil, prog)
	prog.Done()
	for _, id := range done {
		a.say(a.stdout, "exported %s", id)
	}
	if err != nil {
		return err
	}
	for _, f := range failed {
		a.say(a.stderr, "not exported %v", f)
	}
	if len(failed) > 0 {
		return a.fail(exitFailure, "%d exported, %d not: they stay pending (see 'rueckgabe check')", len(done), len(failed))
	}
	if len(done) == 0 {
		a.say(a.stdout, "%s", "nichts zu exportieren / nothing pending")
	}
	return nil
}

// exportArchive writes a sealed protocol's archive (bundle, PDF, photos) to
// a file, streamed and atomically, or with -o - to standard output when that
// is not a terminal.
func (a *app) exportArchive(s *store.Store, rec *store.Record, rules *catalog.Rules, out string) error {
	if out == "" {
		return a.fail(exitInvalid, "--format archive braucht -o DATEI.zip oder -o - in eine Pipe / needs -o FILE.zip, or -o - into a pipe (a zip is not for the terminal)")
	}
	if !rec.Status.Immutable() {
		// said before a file is begun (it read as a failed write)
		return a.fail(exitInvalid, "rueckgabe: %s ist nicht versiegelt: ein Archiv gibt es nur von versiegelten Protokollen / is not sealed: only a sealed protocol has an archive", rec.ID)
	}
	var err error
	if out == "-" { // into a pipe: a photo found damaged midway leaves the stream short, and the exit status says so
		w, werr := a.binaryStdout("--format archive -o -")
		if werr != nil {
			return werr
		}
		err = service.WriteArchive(w, s, rec, rules)
	} else {
		if err := a.checkOutput(out); err != nil {
			return err
		}
		err = atomicfile.Write(out, func(w io.Writer) error { return service.WriteArchive(w, s, rec, rules) })
	}
	var pe *store.PhotoError
	switch {
	case errors.As(err, &pe):
		return a.fail(exitFailure, "%s: %v: the archive was not written (rueckgabe check)", rec.ID, pe)
	case err != nil:
		return a.fail(exitInvalid, "%s", service.Sentence(err))
	}
	return nil
}
