package tui

// placeRoots are the volumes under /Volumes (a camera card, a stick; the
// startup disk is listed there too) and /.
func placeRoots() []string { return append(mountsIn("/Volumes"), "/") }
