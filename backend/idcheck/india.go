package idcheck

import (
	"fmt"
	"strings"
)

// panHolderTypes maps the 4th PAN character to the kind of holder.
var panHolderTypes = map[byte]string{
	'A': "association of persons", 'B': "body of individuals", 'C': "company",
	'F': "firm / LLP", 'G': "government", 'H': "Hindu undivided family",
	'J': "artificial juridical person", 'K': "krish (trust)", 'L': "local authority",
	'P': "individual", 'T': "trust",
}

// validatePAN checks an Indian PAN: 5 letters, 4 digits, 1 letter; the
// 4th letter is the holder type. The last letter is a check character
// whose algorithm is not published, so it is not verified.
func validatePAN(s string) (string, *Reason) {
	return "", checkPAN(s, 0)
}

func checkPAN(s string, off int) *Reason {
	if len(s) != 10 {
		return reasonLength("10", len(s), "")
	}
	if r := checkClass(s[:5], off, classLetter); r != nil {
		return r
	}
	if r := checkClass(s[5:9], off+5, classDigit); r != nil {
		return r
	}
	if r := checkClass(s[9:], off+9, classLetter); r != nil {
		return r
	}
	if _, ok := panHolderTypes[s[3]]; !ok {
		return reasonFormat(map[string]string{"holder_type": s[3:4]},
			fmt.Sprintf("the 4th PAN letter %c is not a holder type (C company, F firm, P person, …)", s[3]),
			fmt.Sprintf("PAN 第 4 位字母 %c 不是有效的持有人类型（C 公司、F 合伙、P 个人等）", s[3]))
	}
	if s[5:9] == "0000" {
		return reasonFormat(nil, "the PAN serial (digits 6-9) cannot be 0000", "PAN 序号（第 6-9 位）不能为 0000")
	}
	return nil
}

// gstinStates are the GST state and union-territory codes: 01-38, 97
// (other territory) and 99 (centre jurisdiction).
func gstinState(code string) bool {
	return code >= "01" && code <= "38" || code == "97" || code == "99"
}

const base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

func gstinCheckChar(s string) byte {
	sum := 0
	for i := 0; i < 14; i++ {
		p := strings.IndexByte(base36, s[i]) * (1 + i%2)
		sum += p/36 + p%36
	}
	return base36[(36-sum%36)%36]
}

// validateGSTIN checks an Indian GSTIN: 2-digit state code, the holder's
// PAN, an entity number (1-9, A-Z), the letter Z and a mod-36 check
// character.
func validateGSTIN(s string) (string, *Reason) {
	if len(s) != 15 {
		return "", reasonLength("15", len(s), "")
	}
	if r := checkClass(s[:2], 0, classDigit); r != nil {
		return "", r
	}
	if !gstinState(s[:2]) {
		return "", reasonFormat(map[string]string{"state": s[:2]},
			fmt.Sprintf("%s is not an Indian GST state code (01-38, 97, 99)", s[:2]),
			fmt.Sprintf("%s 不是印度 GST 邦代码（01-38、97、99）", s[:2]))
	}
	if r := checkPAN(s[2:12], 2); r != nil {
		r.Params["part"] = "pan"
		r.EN = "embedded PAN (characters 3-12): " + r.EN
		r.ZH = "内嵌的 PAN（第 3-12 位）：" + r.ZH
		return "", r
	}
	if s[12] == '0' {
		return "", reasonChar('0', 13, charClass{"gstin_entity", "an entity number 1-9 or A-Z", "主体序号 1-9 或 A-Z", nil})
	}
	if s[13] != 'Z' {
		return "", reasonChar(rune(s[13]), 14, charClass{"letter_z", "the letter Z", "字母 Z", nil})
	}
	if want := gstinCheckChar(s); want != s[14] {
		return "", reasonCheck(string(want), s[14:])
	}
	return "", nil
}
