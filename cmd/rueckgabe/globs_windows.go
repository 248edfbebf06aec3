package main

// globFold: Windows file names are matched without regard to case, so
// *.jpg finds IMG_0412.JPG as Explorer's search and cmd's dir do.
const globFold = true
