package assess

import (
	"fmt"
	"strings"
)

// dim builds one dimension: a starting point, then signed factors; the
// score is their sum, held within 0–100 by an explicit "clamped" factor so
// that the factors always add up to the score a manager sees.
type dim struct {
	key     string
	factors []Factor
}

func newDim(key string, base float64, en, zh string) *dim {
	return &dim{key: key, factors: []Factor{{Code: "base", Points: base, EN: en, ZH: zh}}}
}

func (b *dim) add(code string, points float64, en, zh string) {
	b.factors = append(b.factors, Factor{Code: code, Points: round(points, 1), EN: en, ZH: zh})
}

func (b *dim) done() Dimension {
	sum := 0.0
	for _, f := range b.factors {
		sum += f.Points
	}
	sum = round(sum, 1)
	switch {
	case sum > 100:
		b.add("clamped", 100-sum, fmt.Sprintf("Held at the maximum of 100 (the factors add up to %.1f).", sum),
			fmt.Sprintf("各项合计%.1f分，按上限100分计。", sum))
		sum = 100
	case sum < 0:
		b.add("clamped", -sum, fmt.Sprintf("Held at the minimum of 0 (the factors add up to %.1f).", sum),
			fmt.Sprintf("各项合计%.1f分，按下限0分计。", sum))
		sum = 0
	}
	return Dimension{Key: b.key, Score: sum, Factors: b.factors}
}

// missing is a dimension without input: it shows why, and weighs nothing.
func missing(key, en, zh string) Dimension {
	return Dimension{Key: key, Missing: true, Factors: []Factor{{Code: "missing", EN: en, ZH: zh}}}
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", x*100) }

// plural writes "1 invoice", "3 invoices".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// joinList writes "a", "a and b", "a, b and c" (or with "or").
func joinList(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

var idNames = map[string][2]string{
	"uscc": {"USCC", "统一社会信用代码"}, "gb_company": {"UK company number", "英国公司注册号"},
	"vat": {"VAT number", "增值税号"}, "ein": {"US EIN", "美国雇主识别号（EIN）"}, "lei": {"LEI", "法人机构识别编码（LEI）"},
	"duns": {"DUNS number", "邓白氏编码（DUNS）"}, "cnpj": {"CNPJ", "巴西企业税号（CNPJ）"}, "mst": {"Vietnamese tax code (MST)", "越南税号（MST）"},
	"gstin": {"GSTIN", "印度商品及服务税号（GSTIN）"}, "pan": {"PAN", "印度永久账号（PAN）"}, "abn": {"ABN", "澳大利亚商业号码（ABN）"},
	"uen": {"UEN", "新加坡实体识别号（UEN）"}, "iban": {"IBAN", "国际银行账号（IBAN）"}, "bic": {"BIC", "银行识别码（BIC）"},
}

// idName names an identifier for people: "UK company number 12345678".
func idName(typ, value string) (en, zh string) {
	n, ok := idNames[typ]
	if !ok {
		n = [2]string{"registration number", "注册号"}
	}
	return n[0] + " " + value, n[1] + value
}
