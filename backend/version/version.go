// Package version holds the one version string that the desktop app, the
// About box and `credence version` show. The build sets it from git
// (scripts/dist/version.sh) with
//
//	-ldflags "-X credence/backend/version.Version=1.2.3+4.gabc1234"
//
// so a binary built without that flag says plainly that it is a dev build.
package version

import (
	"fmt"
	"runtime"
	"strings"
)

// Version is overwritten at link time; see the package comment.
var Version = "dev"

// Info is what the About box and `credence version` print.
type Info struct {
	Version   string `json:"version"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"` // GOOS/GOARCH the binary was built for
}

// Get describes this binary.
func Get() Info {
	return Info{Version: strings.TrimSpace(Version), GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
}

// String is the one-line form: "Credence 1.2.3 (linux/amd64, go1.26.0)".
func (i Info) String() string {
	return fmt.Sprintf("Credence %s (%s, %s)", i.Version, i.Platform, i.GoVersion)
}
