package audit

import "fmt"

// Words is a sentence in both interface languages: Go says what happened,
// the frontend picks the language.
type Words struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

// In picks the language ("en…" is English, anything else Chinese).
func (w Words) In(lang string) string {
	if len(lang) >= 2 && lang[:2] == "en" {
		return w.En
	}
	return w.Zh
}

// sentences per action: %[1]s is who, %[2]s what it is about.
var sentences = map[Action]Words{
	View:              {"%[1]s opened the file of %[2]s", "%[1]s 查看了 %[2]s 的档案"},
	ExportPDF:         {"%[1]s exported %[2]s as PDF", "%[1]s 将 %[2]s 导出为 PDF"},
	ExportJSON:        {"%[1]s exported %[2]s as JSON", "%[1]s 将 %[2]s 导出为 JSON"},
	ExportXLSX:        {"%[1]s exported %[2]s to Excel", "%[1]s 将 %[2]s 导出为 Excel"},
	Print:             {"%[1]s printed a report on %[2]s", "%[1]s 打印了 %[2]s 的报告"},
	Backup:            {"%[1]s backed up the workspace", "%[1]s 备份了工作区"},
	Restore:           {"%[1]s restored the workspace from a backup", "%[1]s 从备份恢复了工作区"},
	RoleChange:        {"%[1]s changed the role of %[2]s", "%[1]s 更改了 %[2]s 的角色"},
	ScreeningDecision: {"%[1]s decided a sanctions-screening hit on %[2]s", "%[1]s 对 %[2]s 的制裁筛查命中作出了判定"},
	Approval:          {"%[1]s approved a credit limit for %[2]s", "%[1]s 批准了 %[2]s 的信用额度"},
	Rejection:         {"%[1]s rejected a credit limit for %[2]s", "%[1]s 驳回了 %[2]s 的信用额度申请"},
	Deletion:          {"%[1]s deleted or archived %[2]s", "%[1]s 删除或归档了 %[2]s"},
	Erasure:           {"%[1]s erased the personal data of %[2]s", "%[1]s 删除了 %[2]s 的个人数据"},
	SubjectExport:     {"%[1]s exported everything held about one person", "%[1]s 导出了关于某一个人的全部数据"},
	Retention:         {"%[1]s ran the retention policy", "%[1]s 执行了数据保留策略"},
}

// Sentence says what an entry records, naming who acted and what it was
// about as the caller knows them now (a removed customer by its id).
func Sentence(e Entry, who, about string) Words {
	if about == "" {
		about = e.Subject
	}
	s, ok := sentences[e.Action]
	if !ok {
		s = Words{"%[1]s: " + string(e.Action) + " %[2]s", "%[1]s：" + string(e.Action) + " %[2]s"}
	}
	out := Words{fmt.Sprintf(s.En, who, about), fmt.Sprintf(s.Zh, who, about)}
	// Details are for the record and the export (ids, codes, counts): a
	// sentence shows only what reads the same in both languages, the
	// printed report's number.
	if e.Action == Print && e.Detail != "" {
		out.En += " (" + e.Detail + ")"
		out.Zh += "（" + e.Detail + "）"
	}
	return out
}

// DeviceName names a device as the history does: this computer, or
// another one by the first characters of its id.
func DeviceName(device, this string) Words {
	if device == this {
		return Words{"this computer", "本机"}
	}
	short := device
	if len(short) > 4 {
		short = short[:4]
	}
	return Words{"another computer (" + short + ")", "其他电脑（" + short + "）"}
}

// Sentence says what a break in a chain means, on which device.
func (p Problem) Sentence(this string) Words {
	d := DeviceName(p.Device, this)
	switch p.What {
	case "edited":
		return Words{fmt.Sprintf("Entry %d on %s was changed after it was written.", p.Seq, d.En),
			fmt.Sprintf("%s 的第 %d 条审计记录在写入后被改动。", d.Zh, p.Seq)}
	case "missing":
		return Words{fmt.Sprintf("Entries on %s are missing or were replaced, from entry %d.", d.En, p.Seq),
			fmt.Sprintf("%s 的审计记录自第 %d 条起有缺失或被替换。", d.Zh, p.Seq)}
	case "damaged":
		return Words{fmt.Sprintf("An entry on %s cannot be read: it was damaged or forged.", d.En),
			fmt.Sprintf("%s 的一条审计记录无法读取：已损坏或被伪造。", d.Zh)}
	case "cut":
		return Words{fmt.Sprintf("The last entries on %s were removed, from entry %d.", d.En, p.Seq),
			fmt.Sprintf("%s 的最后几条审计记录自第 %d 条起被删除。", d.Zh, p.Seq)}
	}
	return Words{fmt.Sprintf("The trail of %s is broken at entry %d (%s).", d.En, p.Seq, p.What),
		fmt.Sprintf("%s 的审计记录在第 %d 条处断裂（%s）。", d.Zh, p.Seq, p.What)}
}
