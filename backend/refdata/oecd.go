package refdata

import (
	"strconv"
	"strings"
)

// Class is a country's place in the OECD classification.
type Class struct {
	// Category is 0 (lowest risk) to 7; it is 0 for a high-income country
	// the OECD does not classify, which it prices like category 0.
	Category int `json:"category"`
	// HighIncome is true for high-income OECD and euro-area countries,
	// which the OECD does not classify: say "not classified (high-income)",
	// never "category 0".
	HighIncome bool   `json:"high_income"`
	Note       string `json:"note,omitempty"`
}

// OECD is the Participants' country risk classification.
type OECD struct {
	Meta  Meta
	class map[string]Class
}

func newOECD(m Meta, rows [][]string) (OECD, error) {
	o := OECD{Meta: m, class: map[string]Class{}}
	for i, r := range rows {
		if len(r) < 2 || len(r[0]) != 2 {
			return o, badRow(TableOECD, i, r)
		}
		c := Class{}
		if len(r) > 2 {
			c.Note = r[2]
		}
		if r[1] == "HI" {
			c.HighIncome = true
		} else {
			n, err := strconv.Atoi(r[1])
			if err != nil || n < 0 || n > 7 {
				return o, badRow(TableOECD, i, r)
			}
			c.Category = n
		}
		o.class[strings.ToUpper(r[0])] = c
	}
	return o, nil
}

// Lookup returns the class of an ISO code; ok is false when the OECD
// list has no entry for it.
func (o OECD) Lookup(code string) (Class, bool) {
	c, ok := o.class[strings.ToUpper(strings.TrimSpace(code))]
	return c, ok
}

// Codes lists the countries in the table, sorted.
func (o OECD) Codes() []string {
	out := make([]string, 0, len(o.class))
	for k := range o.class {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func (c Class) String() string {
	if c.HighIncome {
		return "HI"
	}
	return strconv.Itoa(c.Category)
}

// Describe says the class in English: "category 6" or "not classified
// (high-income)".
func (c Class) Describe() string {
	if c.HighIncome {
		return "not classified (high-income)"
	}
	return "category " + strconv.Itoa(c.Category)
}

// DescribeZH says the class in Chinese.
func (c Class) DescribeZH() string {
	if c.HighIncome {
		return "未分类（高收入国家）"
	}
	return "第" + strconv.Itoa(c.Category) + "类"
}
