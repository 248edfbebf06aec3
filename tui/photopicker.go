package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"rueckgabe/inspection"
	"rueckgabe/internal/localtime"
	"rueckgabe/textsafe"
)

// photoPicker chooses photos from a folder on the laptop — a camera card, a
// phone's synced folder — newest first, the ones taken since the return was
// started above a divider, several at once. It is our own list rather than
// bubbles' filepicker, which sorts by name and picks one file at a time.
// Reading a folder is a tea.Cmd; a reply for a folder left since is dropped.
type photoPicker struct {
	c        *Common
	dir      string
	since    time.Time // photos taken after this come first, marked "neu"
	entries  []photoEntry
	cursor   int
	chosen   map[string]bool // by path
	seq      uint64
	loading  bool
	err      string
	attached map[string]bool       // photo names already on the finding or protocol
	have     []photoEntry          // the photos attached already, listed first: x removes one
	detached string                // the hash x asked to remove (pickDetach)
	previews map[string]previewMsg // by path: made, or why not
	path     *textinput.Model      // the typed path (ctrl+l or /) while open
}

// photoEntry is one row: a folder or an image file.
type photoEntry struct {
	name  string
	path  string
	dir   bool
	mod   time.Time
	size  int64
	heic  bool   // shown so the inspector sees why it cannot be taken
	sha   string // an attached photo (not a file on the card)
	place bool   // a place (drive, volume, Pictures folder): shown by its path
}

// photoDirMsg carries a folder's rows for read request seq.
type photoDirMsg struct {
	seq     uint64
	dir     string
	entries []photoEntry
	err     error
}

func newPhotoPicker(c *Common, since time.Time, attached []inspection.Photo) (*photoPicker, tea.Cmd) {
	pp := &photoPicker{c: c, since: since, chosen: map[string]bool{}, attached: map[string]bool{}, previews: map[string]previewMsg{}}
	for _, ph := range attached {
		pp.attached[ph.Name] = true
		pp.have = append(pp.have, photoEntry{name: ph.Name, sha: ph.SHA256, size: ph.Size, mod: takenTime(ph)})
	}
	pp.entries = slices.Clone(pp.have)
	last := c.Device.LastPhotoDir
	// the folder is looked up in the command, not in Update
	return pp, pp.read(func() string { return startPhotoDir(last, osLookupEnv()) })
}

// open starts reading a folder.
func (pp *photoPicker) open(dir string) tea.Cmd {
	return pp.read(func() string { return dir })
}

// read starts reading the folder where() names, both off the UI loop.
func (pp *photoPicker) read(where func() string) tea.Cmd {
	pp.c.pickerSeq++ // numbers folder reads across this app's pickers: a reply is for exactly one
	pp.seq, pp.loading, pp.err = pp.c.pickerSeq, true, ""
	seq := pp.seq
	return func() tea.Msg {
		dir := where()
		if dir == placesDir {
			return photoDirMsg{seq: seq, dir: dir, entries: listPlaces(osLookupEnv(), placeRoots())}
		}
		entries, err := readPhotoDir(dir)
		return photoDirMsg{seq: seq, dir: dir, entries: entries, err: err}
	}
}

var photoExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".heic": true, ".heif": true}

// readPhotoDir lists a folder: its parent (the places at a file system's
// top) and subfolders by name, then its images newest first. Other files
// are left out.
func readPhotoDir(dir string) ([]photoEntry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var dirs, photos []photoEntry
	dirs = append(dirs, photoEntry{name: "..", path: upFrom(dir), dir: true})
	for _, de := range des {
		if strings.HasPrefix(de.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, de.Name())
		info, err := os.Stat(path) // follows links: a card mounted by a link
		if err != nil {
			continue
		}
		ext := strings.ToLower(filepath.Ext(de.Name()))
		switch {
		case info.IsDir():
			dirs = append(dirs, photoEntry{name: de.Name(), path: path, dir: true})
		case photoExts[ext]:
			photos = append(photos, photoEntry{name: de.Name(), path: path, mod: info.ModTime(), size: info.Size(),
				heic: ext == ".heic" || ext == ".heif"})
		}
	}
	// newest first; shots of the same second by number, the last first
	slices.SortStableFunc(photos, func(a, b photoEntry) int {
		if c := b.mod.Compare(a.mod); c != 0 {
			return c
		}
		return strings.Compare(b.name, a.name)
	})
	return append(dirs, photos...), nil
}

// pickResult is what the picker's host does next.
type pickResult int

const (
	pickOpen   pickResult = iota // still choosing
	pickClosed                   // esc: nothing attached
	pickAttach                   // attach paths()
	pickDetach                   // remove the attached photo detached
)

// run hands msg to the picker: esc closes it, enter closes it and returns
// attach(paths), x removes an attached photo. The caller drops the picker
// when closed.
func (pp *photoPicker) run(msg tea.Msg, attach func(paths []string) tea.Cmd, detach func(sha string) tea.Cmd) (cmd tea.Cmd, closed bool) {
	cmd, res := pp.update(msg)
	switch res {
	case pickDetach:
		return detach(pp.detached), false
	case pickClosed:
		return cmd, true
	case pickAttach:
		return attach(pp.paths()), true
	}
	return cmd, false
}

func (pp *photoPicker) update(msg tea.Msg) (tea.Cmd, pickResult) {
	cmd, res := pp.handle(msg)
	return tea.Batch(cmd, pp.wantPreview()), res
}

// wantPreview asks for the preview of the photo under the cursor, once per
// file, when a preview can be shown at all.
func (pp *photoPicker) wantPreview() tea.Cmd {
	e, ok := pp.current()
	if !pp.c.Colour || pp.c.Width < previewMinW || !ok || e.dir || e.heic || e.sha != "" {
		return nil
	}
	if _, asked := pp.previews[e.path]; asked {
		return nil
	}
	pp.previews[e.path] = previewMsg{path: e.path} // asked: a second key does not ask again
	return previewCmd(e.path)
}

func (pp *photoPicker) handle(msg tea.Msg) (tea.Cmd, pickResult) {
	switch msg := msg.(type) {
	case previewMsg:
		pp.previews[msg.path] = msg
		return nil, pickOpen
	case photoDirMsg:
		if msg.seq != pp.seq {
			return nil, pickOpen // a folder left since
		}
		pp.loading = false
		if msg.err != nil {
			pp.err = "Ordner nicht lesbar: " + textsafe.Line(msg.err.Error())
			return nil, pickOpen
		}
		pp.dir, pp.entries, pp.cursor = msg.dir, append(slices.Clone(pp.have), msg.entries...), 0
		if i := pp.firstPhoto(); i >= 0 {
			pp.cursor = i
		}
		return nil, pickOpen
	case tea.KeyPressMsg:
		return pp.key(msg)
	case tea.PasteMsg: // a path pasted (Explorer's "Als Pfad kopieren"): into the path field
		if pp.path == nil {
			pp.openPath(false)
			pp.path.SetValue("")
		}
		return updateInput(pp.path, msg), pickOpen
	}
	return nil, pickOpen
}

func (pp *photoPicker) key(k tea.KeyPressMsg) (tea.Cmd, pickResult) {
	keys := pp.c.Keys
	if pp.path != nil {
		return pp.pathKey(k), pickOpen
	}
	switch {
	case key.Matches(k, keys.PickPath):
		pp.openPath(k.String() == "/")
	case key.Matches(k, keys.Back):
		return nil, pickClosed
	case key.Matches(k, keys.Up):
		pp.cursor = max(0, pp.cursor-1)
	case key.Matches(k, keys.Down):
		pp.cursor = min(len(pp.entries)-1, pp.cursor+1)
	case key.Matches(k, keys.FolderUp):
		if pp.dir == placesDir {
			return nil, pickOpen
		}
		return pp.open(upFrom(pp.dir)), pickOpen
	case key.Matches(k, keys.PickToggle):
		if e, ok := pp.current(); ok && !e.dir && !e.heic && e.sha == "" {
			pp.chosen[e.path] = !pp.chosen[e.path]
			pp.cursor = min(len(pp.entries)-1, pp.cursor+1)
		}
	case key.Matches(k, keys.PickAllNew):
		pp.toggleNew()
	case key.Matches(k, keys.Detach):
		if e, ok := pp.current(); ok && e.sha != "" {
			pp.detach(e)
			return nil, pickDetach
		}
	case key.Matches(k, keys.Attach):
		e, ok := pp.current()
		if ok && e.dir {
			return pp.open(e.path), pickOpen
		}
		if len(pp.paths()) == 0 {
			if ok && e.sha != "" {
				return nil, pickOpen // an attached photo: x removes it
			}
			if !ok || e.heic {
				pp.err = "HEIC-Fotos zuerst als JPEG exportieren (iPhone: Einstellungen › Kamera › Formate › Maximale Kompatibilität)"
				return nil, pickOpen
			}
			pp.chosen[e.path] = true
		}
		return nil, pickAttach
	}
	return nil, pickOpen
}

// openPath opens the path field: with the folder shown, ready to go on
// typing (ctrl+l), or with just "/" (the / key starts a path).
func (pp *photoPicker) openPath(slash bool) {
	in := newInput("Pfad: ", `z. B. E:\DCIM oder /Volumes/KARTE`, max(10, pp.c.Width-8))
	switch {
	case slash:
		in.SetValue("/")
	case pp.dir != placesDir:
		in.SetValue(strings.TrimSuffix(pp.dir, string(filepath.Separator)) + string(filepath.Separator))
	}
	in.CursorEnd()
	in.Focus()
	pp.path, pp.err = &in, ""
}

// pathKey is a key while the path field is open: enter opens the folder
// typed (or the folder of a file typed), esc closes the field.
func (pp *photoPicker) pathKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, pp.c.Keys.Back):
		pp.path = nil
		return nil
	case key.Matches(k, pp.c.Keys.Attach):
		typed, current := pp.path.Value(), pp.dir
		pp.path = nil
		return pp.read(func() string {
			home, _ := os.UserHomeDir()
			return folderOf(typedPath(typed, current, home))
		})
	}
	return updateInput(pp.path, k)
}

func (pp *photoPicker) current() (photoEntry, bool) {
	if pp.cursor < 0 || pp.cursor >= len(pp.entries) {
		return photoEntry{}, false
	}
	return pp.entries[pp.cursor], true
}

func (pp *photoPicker) firstPhoto() int {
	return slices.IndexFunc(pp.entries, func(e photoEntry) bool { return !e.dir && e.sha == "" })
}

// detach drops an attached photo from the list (the host removes it from
// the finding or protocol; its file stays, content-addressed).
func (pp *photoPicker) detach(e photoEntry) {
	pp.detached = e.sha
	del := func(list []photoEntry) []photoEntry {
		return slices.DeleteFunc(list, func(x photoEntry) bool { return x.sha == e.sha })
	}
	pp.have, pp.entries = del(pp.have), del(pp.entries)
	delete(pp.attached, e.name)
	pp.cursor = min(pp.cursor, len(pp.entries)-1)
}

// takenTime is when a photo was taken, for the list; zero when unknown.
func takenTime(ph inspection.Photo) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, ph.TakenAt, time.Local); err == nil {
			return t
		}
	}
	return time.Time{}
}

// isNew: taken (written) since the return was started.
func (pp *photoPicker) isNew(e photoEntry) bool {
	return !e.dir && !pp.since.IsZero() && !e.mod.Before(pp.since)
}

// toggleNew chooses every photo taken since the start, or none if all were.
func (pp *photoPicker) toggleNew() {
	all := true
	for _, e := range pp.entries {
		if pp.isNew(e) && !e.heic && !pp.chosen[e.path] {
			all = false
		}
	}
	for _, e := range pp.entries {
		if pp.isNew(e) && !e.heic {
			pp.chosen[e.path] = !all
		}
	}
}

// paths are the chosen files in list order (newest first).
func (pp *photoPicker) paths() []string {
	var out []string
	for _, e := range pp.entries {
		if pp.chosen[e.path] {
			out = append(out, e.path)
		}
	}
	return out
}

func (pp *photoPicker) help() []key.Binding {
	k := pp.c.Keys
	if pp.path != nil {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "Ordner öffnen")), k.Back}
	}
	if len(pp.have) > 0 {
		return []key.Binding{k.Attach, k.PickToggle, k.Detach, k.PickAllNew, k.FolderUp, k.PickPath, k.Back}
	}
	return []key.Binding{k.Attach, k.PickToggle, k.PickAllNew, k.FolderUp, k.PickPath, k.Back}
}

// view lists the folder in height rows, the cursor kept in sight.
func (pp *photoPicker) view(width, height int) string {
	st := pp.c.Styles
	shown := textsafe.Line(pp.dir)
	if pp.dir == placesDir && !pp.loading {
		shown = placesTitle
	}
	lines := []string{st.Title.Render("Fotos anhängen"), truncate(st.Muted.Render("Ordner: ")+shown, width)}
	switch {
	case pp.path != nil:
		lines = append(lines, pp.path.View())
	case pp.err != "":
		lines = append(lines, st.Error.Render(truncate(pp.err, width)))
	case pp.loading:
		lines = append(lines, st.Muted.Render("liest Ordner …"))
	case len(pp.paths()) > 0:
		lines = append(lines, st.OK.Render(fmt.Sprintf("%d ausgewählt – enter hängt an", len(pp.paths()))))
	default:
		lines = append(lines, st.Muted.Render("space wählt mehrere · a: alle seit Beginn der Rücknahme · enter hängt an"))
	}
	listW := width
	pane := pp.previewPane()
	if pane != "" {
		listW = width - previewCols - 2
	}
	rows := pp.rows(listW)
	room := max(1, height-len(lines))
	start := max(0, min(pp.cursorRow(rows)-room/2, len(rows)-room))
	var list []string
	for i := start; i < len(rows) && i < start+room; i++ {
		list = append(list, padRight(rows[i].text, listW))
	}
	if len(pp.entries) == 0 && !pp.loading {
		list = append(list, st.Muted.Render("keine Fotos (JPEG, PNG) in diesem Ordner"))
	}
	body := strings.Join(list, "\n")
	if pane != "" {
		body = lipgloss.JoinHorizontal(lipgloss.Top, body, "  ", pane)
	}
	return strings.Join(lines, "\n") + "\n" + body
}

// previewPane is the picture of the photo under the cursor, "" when there
// is none to show (no colour, too narrow, not made yet, not a photo).
func (pp *photoPicker) previewPane() string {
	e, ok := pp.current()
	if !pp.c.Colour || pp.c.Width < previewMinW || !ok {
		return ""
	}
	pv := pp.previews[e.path]
	if pv.err != nil || len(pv.cells) == 0 {
		return ""
	}
	return strings.Join(pv.cells, "\n")
}

type pickerRow struct {
	text  string
	entry int // -1: a divider
}

// rows are the entries with a divider where the new photos end.
func (pp *photoPicker) rows(width int) []pickerRow {
	st := pp.c.Styles
	var out []pickerRow
	newSeen, oldSeen := false, false
	for i, e := range pp.entries {
		if e.sha != "" && i == 0 {
			out = append(out, pickerRow{st.Muted.Render("── angehängt (x entfernt) ──"), -1})
		}
		if !e.dir && e.sha == "" && pp.isNew(e) && !newSeen { // the attached ones have their heading
			newSeen = true
			out = append(out, pickerRow{st.Muted.Render("── seit Beginn der Rücknahme ──"), -1})
		}
		if !e.dir && e.sha == "" && !pp.isNew(e) && !oldSeen && newSeen {
			oldSeen = true
			out = append(out, pickerRow{st.Muted.Render("── älter ──"), -1})
		}
		out = append(out, pickerRow{pp.row(e, i == pp.cursor, width), i})
	}
	return out
}

func (pp *photoPicker) cursorRow(rows []pickerRow) int {
	return max(0, slices.IndexFunc(rows, func(r pickerRow) bool { return r.entry == pp.cursor }))
}

func (pp *photoPicker) row(e photoEntry, cursor bool, width int) string {
	st := pp.c.Styles
	var line string
	switch {
	case e.place:
		line = "  ▸ " + textsafe.Line(e.name)
	case e.dir:
		line = "  ▸ " + textsafe.Line(e.name) + "/"
	case e.sha != "":
		when := "              "
		if !e.mod.IsZero() {
			when = e.mod.In(localtime.Zone()).Format("02.01.06 15:04")
		}
		line = " ✓  " + padRight(truncate(textsafe.Line(e.name), pp.nameWidth(width)), pp.nameWidth(width)) + "  " + when +
			"  SHA-256 " + inspection.ShortHash(e.sha)
	default:
		box := "[ ]"
		if pp.chosen[e.path] {
			box = "[x]"
		}
		line = box + " " + padRight(truncate(textsafe.Line(e.name), pp.nameWidth(width)), pp.nameWidth(width)) +
			"  " + e.mod.In(localtime.Zone()).Format("02.01.06 15:04") + "  " + fileSize(e.size)
		switch {
		case e.heic:
			line += "  HEIC: als JPEG exportieren"
		case pp.attached[e.name]:
			line += "  angehängt"
		}
	}
	line = truncate(line, width)
	if cursor {
		return st.Selected.Render(line)
	}
	if e.heic {
		return st.Muted.Render(line)
	}
	return line
}

// nameWidth is the file name column: as wide as the longest name, leaving
// room for box, time and size (32 cells).
func (pp *photoPicker) nameWidth(width int) int {
	longest := 8
	for _, e := range pp.entries {
		longest = max(longest, lipgloss.Width(textsafe.Line(e.name)))
	}
	return max(8, min(longest, width-32))
}

// fileSize is a photo's size as the picker shows it: "  7 KB" below a
// megabyte (a small file showed as "0,0 MB"), "  5,4 MB" from one on; the
// times beside it are the protocol's (localtime), as its signatures.
func fileSize(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%5d KB", (n+1023)/1024)
	}
	return strings.Replace(fmt.Sprintf("%5.1f MB", float64(n)/(1<<20)), ".", ",", 1)
}
