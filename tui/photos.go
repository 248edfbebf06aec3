package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"rueckgabe/inspection"
	"rueckgabe/photo"
	"rueckgabe/service"
	"rueckgabe/textsafe"
)

// photosStoredMsg reports photos copied into the data directory for session
// sess: for the finding editor editor (the one that asked, which may have
// closed since), or for the protocol itself when editor is nil.
type photosStoredMsg struct {
	job    *job
	sess   uint64
	editor *findingEditor
	dir    string
	photos []inspection.Photo
	errs   []error
}

// attachPhotosCmd reads, checks and copies the chosen files (all or none),
// off the UI loop, its progress shown on every screen.
func attachPhotosCmd(c *Common, s *session, editor *findingEditor, paths []string) tea.Cmd {
	s.attaching++
	w, id := c.Work, s.id
	dir := ""
	if len(paths) > 0 {
		dir = filepath.Dir(paths[0])
	}
	j, tick := c.jobs.start("Fotos kopieren")
	return tea.Batch(tick, func() tea.Msg {
		photos, errs := w.StorePhotos(paths, j)
		return photosStoredMsg{job: j, sess: id, editor: editor, dir: dir, photos: photos, errs: errs}
	})
}

// thumbnailsMsg says the thumbnails of a job are made.
type thumbnailsMsg struct{ job *job }

// thumbnailsCmd makes the PDF's thumbnails in the background, so the PDF at
// sealing time does not wait for 12-megapixel decodes.
func thumbnailsCmd(c *Common, photos []inspection.Photo) tea.Cmd {
	j, tick := c.jobs.start("Vorschaubilder")
	w := c.Work
	return tea.Batch(tick, func() tea.Msg {
		w.MakeThumbnails(photos, j)
		return thumbnailsMsg{job: j}
	})
}

// savePhotoDirCmd remembers the folder for the next picker; a failure only
// costs the inspector a folder change next time.
func savePhotoDirCmd(dir string, dev service.Device) tea.Cmd {
	return func() tea.Msg {
		_ = service.SaveDevice(dir, dev)
		return nil
	}
}

// photosStored puts stored photos where they were asked for: into the
// finding editor that asked, if it is still open, or into the protocol of
// the session that asked (saved, whichever protocol is on screen now).
func (m *Model) photosStored(msg photosStoredMsg) tea.Cmd {
	s := m.sessions[msg.sess]
	if s == nil {
		return nil
	}
	s.attaching--
	m.c.jobs.end(msg.job)
	defer m.prune()
	var cmds []tea.Cmd
	if msg.dir != "" && msg.dir != m.c.Device.LastPhotoDir {
		m.c.Device.LastPhotoDir = msg.dir
		cmds = append(cmds, savePhotoDirCmd(m.c.Dir, m.c.device()))
	}
	open := msg.editor != nil && m.editorOf(s) == msg.editor
	if msg.editor != nil {
		msg.editor.copying--
	}
	problem := photoErrors(msg.errs)
	switch {
	case problem != "" && open:
		msg.editor.err, msg.editor.notice = problem, ""
	case problem != "":
		m.say(s, problem)
	case open:
		msg.editor.addPhotos(msg.photos)
	case msg.editor != nil:
		m.say(s, "Fotos nicht angehängt: der Befund wurde inzwischen geschlossen")
	default:
		added, _ := service.AddPhotos(s.p, -1, msg.photos)
		m.say(s, fotos(count(added))+" zum Fahrzeug angehängt")
		cmds = append(cmds, s.changed())
	}
	if problem == "" {
		cmds = append(cmds, thumbnailsCmd(m.c, msg.photos))
	}
	if m.quitting {
		cmds = append(cmds, m.quitWhenSaved())
	}
	return tea.Batch(cmds...)
}

// say shows a note in the status line when session s is on screen.
func (m *Model) say(s *session, note string) {
	if s == m.sess {
		m.warn = note
	}
}

// editorOf is the finding editor open for session s, if s is on screen.
func (m *Model) editorOf(s *session) *findingEditor {
	if m.sess != s {
		return nil
	}
	if w, ok := m.pages[pageWalk].(*walkPage); ok {
		return w.editor
	}
	return nil
}

// photoErrors words why files were not attached, the first one named.
func photoErrors(errs []error) string {
	if len(errs) == 0 {
		return ""
	}
	first := errs[0].Error()
	var fe *service.FileError
	if errors.As(errs[0], &fe) {
		var why string
		if r := (*photo.Refused)(nil); errors.As(fe.Err, &r) {
			why = r.German() // the UI's language (it read "is 30.6 MB; a photo may…")
		} else {
			why = saveProblem(fe.Err)
		}
		first = filepath.Base(fe.Path) + ": " + why
	}
	more := ""
	if len(errs) > 1 {
		more = fmt.Sprintf(" (und %d weitere)", len(errs)-1)
	}
	return "keine Fotos angehängt – " + textsafe.Line(first) + more
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// photoLine lists attached photos in one line: how many, then their names.
func photoLine(photos []inspection.Photo) string {
	if len(photos) == 0 {
		return ""
	}
	names := make([]string, len(photos))
	for i, ph := range photos {
		names[i] = textsafe.Line(ph.Name)
	}
	return fmt.Sprintf("Fotos (%d): %s", len(photos), strings.Join(names, ", "))
}

// fotos counts photos in German: "1 Foto", "3 Fotos".
func fotos(n int) string {
	if n == 1 {
		return "1 Foto"
	}
	return fmt.Sprintf("%d Fotos", n)
}
