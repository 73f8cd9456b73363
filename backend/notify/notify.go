// Package notify puts a message in the desktop's own notifications (D-Bus
// org.freedesktop.Notifications on Linux, toasts on Windows, the
// Notification Center on macOS), so an alert is seen while the window is
// behind another one. The web view's Notification API is never granted
// inside the app's window, hence this Go side.
package notify

import (
	"fmt"
	"strings"
	"sync"

	"github.com/gen2brain/beeep"
)

// AppName is how the desktop names the sender.
const AppName = "Credence"

var once sync.Once

// Send shows one notification. An error means the desktop has no
// notification service (a server, a bare X session): the app then keeps
// its in-window message only.
func Send(title, body string) error {
	once.Do(func() { beeep.AppName = AppName })
	title, body = clean(title), clean(body)
	if title == "" {
		return fmt.Errorf("notify: empty title")
	}
	if err := beeep.Notify(title, body, ""); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

// clean keeps a notification to plain single-paragraph text: daemons read
// a subset of HTML in the body, and a customer's name must not be markup.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	return strings.TrimSpace(r.Replace(s))
}
