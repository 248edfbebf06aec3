package tui

import "golang.org/x/sys/windows"

// placeRoots are the drives that exist (A: … Z:): a camera card in a reader
// is a drive of its own. GetLogicalDrives asks no drive anything, so an empty
// card reader makes no "no disk" dialog.
func placeRoots() []string {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil
	}
	return drivesFromMask(mask)
}
