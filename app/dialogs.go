package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// dialogTitles are the titles of the native file dialogs, in the
// interface's languages: the dialog is drawn by the system, outside the
// frontend's i18n, so its title is chosen here.
var dialogTitles = map[string][2]string{
	"evidence":    {"Choose an evidence file", "选择证据文件"},
	"saveCopy":    {"Save a copy", "另存副本"},
	"pdf":         {"Save the PDF report", "保存 PDF 报告"},
	"list":        {"Choose a sanctions list file", "选择制裁名单文件"},
	"template":    {"Visit checklist", "走访清单"},
	"backup":      {"Save the backup", "保存备份"},
	"restore":     {"Choose a backup to restore", "选择要恢复的备份"},
	"refdata":     {"Import a reference table", "导入参考数据表"},
	"spreadsheet": {"Choose a spreadsheet", "选择电子表格"},
	"export":      {"Save the spreadsheet", "保存电子表格"},
	"arAlert":     {"Receivables alert", "收款预警"},
	"subject":     {"Save the subject-access export (a folder)", "保存个人数据导出（文件夹）"},
}

// title is a dialog's title in the language of the interface.
func (s *Session) title(key string) string {
	t, ok := dialogTitles[key]
	if !ok {
		return ""
	}
	if strings.HasPrefix(s.prefs().Language, "en") {
		return t[0]
	}
	return t[1]
}

// documentsDir is where save and open dialogs start: the user's documents
// folder (XDG's DOCUMENTS on Linux, Documents elsewhere), never the folder
// the program happened to be started from.
func documentsDir() string {
	if out, err := exec.Command("xdg-user-dir", "DOCUMENTS").Output(); err == nil {
		if d := strings.TrimSpace(string(out)); d != "" && isDir(d) {
			return d
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	for _, name := range []string{"Documents", "文档", "My Documents"} {
		if d := filepath.Join(home, name); isDir(d) {
			return d
		}
	}
	return home
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
