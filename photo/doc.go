// Package photo reads what the app needs from a photo file — what it really
// is, when it was taken, how it is oriented — and makes the thumbnails the
// PDF shows. It trusts nothing in the file: every offset is checked, every
// size bounded, and a file that lies about what it is gets a clear error.
package photo
