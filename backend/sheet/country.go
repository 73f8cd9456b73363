package sheet

import (
	"strings"
	"sync"

	"credence/backend/refdata"
)

// RowError is one problem of one row, as a sentence key for the UI and
// an English message for the CLI.
type RowError struct {
	Line    int               `json:"line"`
	Field   string            `json:"field"`
	Value   string            `json:"value,omitempty"`
	Key     string            `json:"key"`
	Params  map[string]string `json:"params,omitempty"`
	Message string            `json:"message"`
}

var (
	zhOnce  sync.Once
	zhNames map[string]string
)

// Country reads a country cell: an ISO code, an English name or a
// Chinese one (德国, 美国); "" when unknown.
func Country(s string) string {
	set := refdata.Current()
	if info, ok := set.Country(s); ok {
		return info.Code
	}
	zhOnce.Do(func() {
		zhNames = map[string]string{"英国": "GB", "美国": "US", "中国大陆": "CN", "香港": "HK", "台湾": "TW", "韩国": "KR", "俄罗斯": "RU", "阿联酋": "AE", "越南": "VN"}
		b := refdata.Builtin()
		for _, code := range b.Countries.Codes() {
			if c, ok := b.Countries.Get(code); ok && c.ZH != "" {
				zhNames[c.ZH] = code
			}
		}
	})
	return zhNames[strings.TrimSpace(s)]
}
