package appdir

import "strings"

// FileName is the last element of a path that a system's file dialog
// returned, whichever system wrote it: C:\Users\李雷\Documents\营业执照.pdf,
// \\server\share\scan.jpg, D:scan.png and /home/ann/a.pdf all give the file's
// own name. filepath.Base only knows the separators of the system the test
// runs on, so this is what lets the Windows behaviour be tested on Linux.
// A path that ends in a separator, or names no file, gives "".
func FileName(p string) string {
	if len(p) >= 2 && p[1] == ':' && (p[0]|0x20 >= 'a' && p[0]|0x20 <= 'z') {
		p = p[2:] // drive letter, with or without a separator after it
	}
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	if p == "." || p == ".." {
		return ""
	}
	return p
}
