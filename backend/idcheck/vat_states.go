package idcheck

import (
	"fmt"
	"strconv"
	"strings"
)

// Each rule below follows the algorithm the member state's tax
// administration uses; comments give the weights.

// AT: "U" + 8 digits; Luhn-like sum over digits 1-7 plus 4, check = (10 -
// sum mod 10) mod 10.
func vatAT(b string) (string, *Reason) {
	if len(b) != 9 {
		return "", vatLength(len(b), 9)
	}
	if b[0] != 'U' {
		return "", vatFormat("Austrian VAT numbers have the letter U after AT (ATU + 8 digits)",
			"奥地利增值税号在 AT 之后应为字母 U（ATU + 8 位数字）")
	}
	if r := checkClass(b[1:], vatOffset+1, classDigit); r != nil {
		return "", r
	}
	sum := 0
	for i := 0; i < 7; i++ {
		d := int(b[1+i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	if want := (10 - (sum+4)%10) % 10; int(b[8]-'0') != want {
		return "", reasonCheck(digitChar(want), b[8:])
	}
	return "", nil
}

// BE: 10 digits (old 9-digit numbers get a leading 0), first digit 0 or
// 1; the last two digits are 97 - (first 8 digits mod 97).
func vatBE(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) == 9 {
		b = "0" + b
	}
	if len(b) != 10 {
		return "", vatLength(len(b), 10)
	}
	if b[0] != '0' && b[0] != '1' {
		return b, vatFormat("Belgian VAT numbers start with 0 or 1 after BE", "比利时增值税号在 BE 之后应以 0 或 1 开头")
	}
	n, _ := strconv.Atoi(b[:8])
	if want := fmt.Sprintf("%02d", 97-n%97); want != b[8:] {
		return b, reasonCheck(want, b[8:])
	}
	return b, nil
}

// BG: 9 digits for legal entities (weights 1-8, fallback 3-10), 10 digits
// for persons (EGN), foreigners (PNF) or others.
func vatBG(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	switch len(b) {
	case 9:
		sum := 0
		for i := 0; i < 8; i++ {
			sum += (i + 1) * int(b[i]-'0')
		}
		c := sum % 11
		if c == 10 {
			sum = 0
			for i := 0; i < 8; i++ {
				sum += (i + 3) * int(b[i]-'0')
			}
			c = sum % 11
		}
		if want := c % 10; int(b[8]-'0') != want {
			return "", reasonCheck(digitChar(want), b[8:])
		}
		return "", nil
	case 10:
		egn := weighted(b, []int{2, 4, 8, 5, 10, 9, 7, 3, 6}) % 11 % 10
		pnf := weighted(b, []int{21, 19, 17, 13, 11, 9, 7, 3, 1}) % 10
		other := (11 - weighted(b, []int{4, 3, 2, 7, 6, 5, 4, 3, 2})%11) % 11
		last := int(b[9] - '0')
		if last == egn || last == pnf || last == other {
			return "", nil
		}
		return "", reasonCheck("", b[9:])
	}
	return "", vatLength(len(b), 9, 10)
}

// CY: 8 digits + check letter; odd positions mapped 0→1,1→0,2→5,3→7,4→9,
// 5→13,6→15,7→17,8→19,9→21, sum mod 26 → A-Z.
func vatCY(b string) (string, *Reason) {
	if len(b) != 9 {
		return "", vatLength(len(b), 9)
	}
	if r := checkClass(b[:8], vatOffset, classDigit); r != nil {
		return "", r
	}
	if r := checkClass(b[8:], vatOffset+8, classLetter); r != nil {
		return "", r
	}
	if b[:2] == "12" {
		return "", vatFormat("Cypriot VAT numbers cannot start with 12", "塞浦路斯增值税号不能以 12 开头")
	}
	tr := []int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21}
	sum := 0
	for i := 0; i < 8; i++ {
		d := int(b[i] - '0')
		if i%2 == 0 {
			sum += tr[d]
		} else {
			sum += d
		}
	}
	if want := byte('A' + sum%26); want != b[8] {
		return "", reasonCheck(string(want), b[8:])
	}
	return "", nil
}

// CZ: 8 digits for legal entities (weights 8-2), 9 digits starting with 6
// for individuals without a birth number, otherwise a 9/10-digit birth
// number (rodné číslo).
func vatCZ(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	switch {
	case len(b) == 8:
		if b[0] == '9' {
			return "", vatFormat("Czech 8-digit VAT numbers cannot start with 9", "捷克 8 位增值税号不能以 9 开头")
		}
		c := (11 - weighted(b, []int{8, 7, 6, 5, 4, 3, 2})%11) % 11
		if c == 0 {
			c = 1
		}
		if want := c % 10; int(b[7]-'0') != want {
			return "", reasonCheck(digitChar(want), b[7:])
		}
		return "", nil
	case len(b) == 9 && b[0] == '6':
		c := weighted(b[1:8], []int{8, 7, 6, 5, 4, 3, 2}) % 11
		want := ((8-(10-c)%11)%10 + 10) % 10
		if int(b[8]-'0') != want {
			return "", reasonCheck(digitChar(want), b[8:])
		}
		return "", nil
	case len(b) == 9 || len(b) == 10:
		return "", birthNumberCZSK(b)
	}
	return "", vatLength(len(b), 8, 9, 10)
}

// birthNumberCZSK checks a Czech/Slovak birth number: YYMMDD (month +50
// for women, +20 from 2004) and, for 10 digits, divisibility by 11 (or
// remainder 10 with check digit 0 before 1985).
func birthNumberCZSK(b string) *Reason {
	yy, _ := strconv.Atoi(b[0:2])
	mm, _ := strconv.Atoi(b[2:4])
	dd, _ := strconv.Atoi(b[4:6])
	year := 1900 + yy
	if len(b) == 10 && yy < 54 {
		year = 2000 + yy
	}
	if len(b) == 9 && year >= 1954 {
		return vatFormat("a 9-digit birth number is only valid for people born before 1954", "9 位出生号码仅适用于 1954 年以前出生者")
	}
	switch {
	case mm > 70 && year >= 2004:
		mm -= 70
	case mm > 50:
		mm -= 50
	case mm > 20 && year >= 2004:
		mm -= 20
	}
	if mm < 1 || mm > 12 || dd < 1 || dd > daysIn(year, mm) {
		return vatFormat("the birth-date part (first six digits) is not a real date", "出生日期部分（前 6 位）不是有效日期")
	}
	if len(b) == 10 {
		n, _ := strconv.Atoi(b[:9])
		if want := n % 11 % 10; int(b[9]-'0') != want {
			return reasonCheck(digitChar(want), b[9:])
		}
	}
	return nil
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DE: 9 digits, first not 0, ISO 7064 MOD 11,10.
func vatDE(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 9 {
		return "", vatLength(len(b), 9)
	}
	if b[0] == '0' {
		return "", vatFormat("German VAT numbers cannot start with 0", "德国增值税号不能以 0 开头")
	}
	if want := mod11_10(b[:8]); want != b[8] {
		return "", reasonCheck(string(want), b[8:])
	}
	return "", nil
}

// DK: 8 digits, first not 0, weights 2,7,6,5,4,3,2,1, sum mod 11 = 0.
func vatDK(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 8 {
		return "", vatLength(len(b), 8)
	}
	if b[0] == '0' {
		return "", vatFormat("Danish VAT numbers cannot start with 0", "丹麦增值税号不能以 0 开头")
	}
	if weighted(b, []int{2, 7, 6, 5, 4, 3, 2, 1})%11 != 0 {
		want := ""
		if c := (11 - weighted(b, []int{2, 7, 6, 5, 4, 3, 2})%11) % 11; c < 10 {
			want = digitChar(c)
		}
		return "", reasonCheck(want, b[7:])
	}
	return "", nil
}

// EE: 9 digits starting 10, weights 3,7,1,3,7,1,3,7.
func vatEE(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 9 {
		return "", vatLength(len(b), 9)
	}
	if b[:2] != "10" {
		return "", vatFormat("Estonian VAT numbers start with 10 after EE", "爱沙尼亚增值税号在 EE 之后应以 10 开头")
	}
	if want := (10 - weighted(b, []int{3, 7, 1, 3, 7, 1, 3, 7})%10) % 10; int(b[8]-'0') != want {
		return "", reasonCheck(digitChar(want), b[8:])
	}
	return "", nil
}

// EL (Greece): 9 digits (old 8-digit numbers get a leading 0), weights
// 256,128,…,2, check = sum mod 11 mod 10.
func vatEL(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) == 8 {
		b = "0" + b
	}
	if len(b) != 9 {
		return "", vatLength(len(b), 9)
	}
	if want := weighted(b, []int{256, 128, 64, 32, 16, 8, 4, 2}) % 11 % 10; int(b[8]-'0') != want {
		return b, reasonCheck(digitChar(want), b[8:])
	}
	return b, nil
}

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// ES: NIF in one of its forms — DNI (8 digits + letter), NIE (X/Y/Z + 7
// digits + letter), CIF (entity letter + 7 digits + digit or letter, Luhn
// based) or K/L/M + 7 digits + letter.
func vatES(b string) (string, *Reason) {
	if len(b) != 9 {
		return "", vatLength(len(b), 9)
	}
	if r := checkClass(b[1:8], vatOffset+1, classDigit); r != nil {
		return "", r
	}
	first, last := b[0], b[8:]
	switch {
	case isDigit(rune(first)), first == 'X', first == 'Y', first == 'Z', first == 'K', first == 'L', first == 'M':
		num := b[:8]
		switch first {
		case 'X', 'Y', 'Z':
			num = string(rune('0'+first-'X')) + b[1:8]
		case 'K', 'L', 'M':
			num = b[1:8]
		}
		n, _ := strconv.Atoi(num)
		if want := dniLetters[n%23]; want != b[8] {
			return "", reasonCheck(string(want), last)
		}
		return "", nil
	case strings.IndexByte("ABCDEFGHJNPQRSUVW", first) >= 0:
		d := luhnCheckDigit(b[1:8])
		letter := "JABCDEFGHI"[d-'0']
		if b[8] == d || b[8] == letter {
			return "", nil
		}
		// Entities with a letter check character (public bodies, foreign
		// entities, non-residents) are K,P,Q,S,N,W; others use a digit.
		want := string(d)
		if strings.IndexByte("NPQRSW", first) >= 0 {
			want = string(letter)
		}
		return "", reasonCheck(want, last)
	}
	return "", reasonChar(rune(first), vatOffset+1, charClass{"es_first", "a digit, X, Y, Z, K, L, M or an entity-type letter (A-H, J, N, P-S, U-W)",
		"数字、X、Y、Z、K、L、M 或表示机构类型的字母（A-H、J、N、P-S、U-W）", nil})
}

// FI: 8 digits, weights 7,9,10,5,8,4,2, check = 11 - sum mod 11 (11→0,
// 10 never issued).
func vatFI(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 8 {
		return "", vatLength(len(b), 8)
	}
	c := 11 - weighted(b, []int{7, 9, 10, 5, 8, 4, 2})%11
	if c == 11 {
		c = 0
	}
	if c == 10 {
		return "", reasonCheck("", b[7:])
	}
	if int(b[7]-'0') != c {
		return "", reasonCheck(digitChar(c), b[7:])
	}
	return "", nil
}

const frAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// FR: 2-character key + 9-digit SIREN (Luhn, except Monaco's 000…).
// Numeric keys are (SIREN×100 + 12) mod 97; alphanumeric keys follow the
// DGFiP new-style formula.
func vatFR(b string) (string, *Reason) {
	if len(b) != 11 {
		return "", vatLength(len(b), 11)
	}
	for i := 0; i < 2; i++ {
		if strings.IndexByte(frAlphabet, b[i]) < 0 {
			return "", reasonChar(rune(b[i]), vatOffset+i+1, charClass{"fr_key", "a digit or a letter other than I and O", "数字或字母（不含 I、O）", nil})
		}
	}
	siren := b[2:]
	if r := checkClass(siren, vatOffset+2, classDigit); r != nil {
		return "", r
	}
	if siren[:3] != "000" && !luhnValid(siren) {
		r := reasonFormat(map[string]string{"part": "siren"},
			"the SIREN company number (last 9 digits) fails its Luhn check",
			"SIREN 企业号码（后 9 位）未通过 Luhn 校验")
		r.Code = CodeCheckDigit
		return "", r
	}
	n, _ := strconv.Atoi(siren)
	if isDigit(rune(b[0])) && isDigit(rune(b[1])) {
		if want := fmt.Sprintf("%02d", (n*100+12)%97); want != b[:2] {
			return "", reasonCheck(want, b[:2])
		}
		return "", nil
	}
	var check int
	if isDigit(rune(b[0])) {
		check = strings.IndexByte(frAlphabet, b[0])*24 + strings.IndexByte(frAlphabet, b[1]) - 10
	} else {
		check = strings.IndexByte(frAlphabet, b[0])*34 + strings.IndexByte(frAlphabet, b[1]) - 100
	}
	if (n+1+check/11)%11 != check%11 {
		return "", reasonCheck("", b[:2])
	}
	return "", nil
}

// HR: 11-digit OIB, ISO 7064 MOD 11,10.
func vatHR(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 11 {
		return "", vatLength(len(b), 11)
	}
	if want := mod11_10(b[:10]); want != b[10] {
		return "", reasonCheck(string(want), b[10:])
	}
	return "", nil
}

// HU: 8 digits, weights 9,7,3,1,9,7,3,1, sum mod 10 = 0.
func vatHU(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 8 {
		return "", vatLength(len(b), 8)
	}
	if want := (10 - weighted(b, []int{9, 7, 3, 1, 9, 7, 3})%10) % 10; int(b[7]-'0') != want {
		return "", reasonCheck(digitChar(want), b[7:])
	}
	return "", nil
}

const ieLetters = "WABCDEFGHIJKLMNOPQRSTUV"

// IE: 7 digits + check letter (+ optional A-I/W), or the old form digit,
// letter/+/*, 5 digits, check letter. Weights 8…2 (and 9 for the second
// letter), mod 23 → W, A…V.
func vatIE(b string) (string, *Reason) {
	if len(b) != 8 && len(b) != 9 {
		return "", vatLength(len(b), 8, 9)
	}
	var digits string
	extra := 0
	switch {
	case checkClass(b[:7], 0, classDigit) == nil:
		digits = b[:7]
		if len(b) == 9 {
			extra = strings.IndexByte(ieLetters, b[8])
			if extra < 0 || extra > 9 {
				return "", reasonChar(rune(b[8]), vatOffset+9, charClass{"ie_suffix", "one of the letters A-I or W", "字母 A-I 或 W", nil})
			}
		}
	case len(b) == 8 && isDigit(rune(b[0])) && (isLetter(rune(b[1])) || b[1] == '+' || b[1] == '*'):
		if r := checkClass(b[2:7], vatOffset+2, classDigit); r != nil {
			return "", r
		}
		digits = "0" + b[2:7] + b[:1]
	default:
		return "", checkClass(b[:7], vatOffset, classDigit)
	}
	if r := checkClass(b[7:8], vatOffset+7, classLetter); r != nil {
		return "", r
	}
	sum := weighted(digits, []int{8, 7, 6, 5, 4, 3, 2}) + 9*extra
	if want := ieLetters[sum%23]; want != b[7] {
		return "", reasonCheck(string(want), b[7:8])
	}
	return "", nil
}

// IT: 11-digit partita IVA; digits 8-10 are the province office (001-100,
// 120, 121, 888, 999); Luhn check digit.
func vatIT(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 11 {
		return "", vatLength(len(b), 11)
	}
	if b[:7] == "0000000" {
		return "", vatFormat("the company serial part of an Italian VAT number cannot be all zeros", "意大利增值税号的企业序号部分不能全为 0")
	}
	if off := b[7:10]; !(off >= "001" && off <= "100" || off == "120" || off == "121" || off == "888" || off == "999") {
		return "", reasonFormat(map[string]string{"office": off},
			fmt.Sprintf("digits 8-10 (%s) are not an Italian tax office code", off),
			fmt.Sprintf("第 8-10 位（%s）不是有效的意大利税务局代码", off))
	}
	if want := luhnCheckDigit(b[:10]); want != b[10] {
		return "", reasonCheck(string(want), b[10:])
	}
	return "", nil
}

// LT: 9 digits (legal entities, 8th digit 1) or 12 digits (temporary
// registration, 11th digit 1); weights 1-9 repeating, fallback 3-9,1,2….
func vatLT(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	switch {
	case len(b) == 9 && b[7] != '1', len(b) == 12 && b[10] != '1':
		return "", vatFormat("the second-to-last digit of a Lithuanian VAT number must be 1", "立陶宛增值税号倒数第二位应为 1")
	case len(b) != 9 && len(b) != 12:
		return "", vatLength(len(b), 9, 12)
	}
	body := b[:len(b)-1]
	sum := 0
	for i := range body {
		sum += (1 + i%9) * int(body[i]-'0')
	}
	c := sum % 11
	if c == 10 {
		sum = 0
		for i := range body {
			sum += (1 + (i+2)%9) * int(body[i]-'0')
		}
		c = sum % 11
	}
	if want := c % 10; int(b[len(b)-1]-'0') != want {
		return "", reasonCheck(digitChar(want), b[len(b)-1:])
	}
	return "", nil
}

// LU: 8 digits, first six mod 89 equal the last two.
func vatLU(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 8 {
		return "", vatLength(len(b), 8)
	}
	n, _ := strconv.Atoi(b[:6])
	if want := fmt.Sprintf("%02d", n%89); want != b[6:] {
		return "", reasonCheck(want, b[6:])
	}
	return "", nil
}

// LV: 11 digits. Legal entities (first digit > 3): weights
// 9,1,4,8,3,10,2,5,7,6,1, sum mod 11 = 3. Natural persons: personal code
// DDMMYY-CNNNN (codes starting 32 carry no birth date).
func vatLV(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 11 {
		return "", vatLength(len(b), 11)
	}
	if b[0] > '3' {
		if weighted(b, []int{9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1})%11 != 3 {
			want := ""
			if c := (3 - weighted(b, []int{9, 1, 4, 8, 3, 10, 2, 5, 7, 6})%11 + 11) % 11; c < 10 {
				want = digitChar(c)
			}
			return "", reasonCheck(want, b[10:])
		}
		return "", nil
	}
	if b[:2] == "32" {
		return "", nil
	}
	dd, _ := strconv.Atoi(b[0:2])
	mm, _ := strconv.Atoi(b[2:4])
	yy, _ := strconv.Atoi(b[4:6])
	year := 1800 + int(b[6]-'0')*100 + yy
	if mm < 1 || mm > 12 || dd < 1 || dd > daysIn(year, mm) {
		return "", vatFormat("the birth-date part of this Latvian personal code is not a real date", "该拉脱维亚个人代码中的出生日期不是有效日期")
	}
	if want := (1 + weighted(b, []int{10, 5, 8, 4, 2, 1, 6, 3, 7, 9})) % 11 % 10; int(b[10]-'0') != want {
		return "", reasonCheck(digitChar(want), b[10:])
	}
	return "", nil
}

// MT: 8 digits, first not 0, weights 3,4,6,7,8,9 + last two digits as a
// number, sum mod 37 = 0.
func vatMT(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 8 {
		return "", vatLength(len(b), 8)
	}
	if b[0] == '0' {
		return "", vatFormat("Maltese VAT numbers cannot start with 0", "马耳他增值税号不能以 0 开头")
	}
	s := weighted(b, []int{3, 4, 6, 7, 8, 9})
	last, _ := strconv.Atoi(b[6:])
	if (s+last)%37 != 0 {
		return "", reasonCheck(fmt.Sprintf("%02d", 37-s%37), b[6:])
	}
	return "", nil
}

// NL: 9 digits + B + 2-digit sub-number. Valid if the 9 digits pass the
// RSIN/BSN eleven-test or (numbers since 2020) the whole "NL…" string
// passes ISO 7064 MOD 97-10.
func vatNL(b string) (string, *Reason) {
	if len(b) != 12 {
		return "", vatLength(len(b), 12)
	}
	if r := checkClass(b[:9], vatOffset, classDigit); r != nil {
		return "", r
	}
	if b[9] != 'B' {
		return "", reasonChar(rune(b[9]), vatOffset+10, charClass{"letter_b", "the letter B", "字母 B", nil})
	}
	if r := checkClass(b[10:], vatOffset+10, classDigit); r != nil {
		return "", r
	}
	if b[10:] == "00" {
		return "", vatFormat("the sub-number after B cannot be 00", "B 之后的子编号不能为 00")
	}
	eleven := (weighted(b, []int{9, 8, 7, 6, 5, 4, 3, 2}) - int(b[8]-'0')) % 11
	if eleven == 0 || mod97("NL"+b) == 1 {
		return "", nil
	}
	return "", reasonCheck("", b[8:9])
}

// PL: 10 digits, weights 6,5,7,2,3,4,5,6,7, sum mod 11 is the check digit.
func vatPL(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 10 {
		return "", vatLength(len(b), 10)
	}
	c := weighted(b, []int{6, 5, 7, 2, 3, 4, 5, 6, 7}) % 11
	if c == 10 {
		return "", reasonCheck("", b[9:])
	}
	if int(b[9]-'0') != c {
		return "", reasonCheck(digitChar(c), b[9:])
	}
	return "", nil
}

// PT: 9 digits, first not 0, weights 9…2, check = 11 - sum mod 11 (≥10 → 0).
func vatPT(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 9 {
		return "", vatLength(len(b), 9)
	}
	if b[0] == '0' {
		return "", vatFormat("Portuguese VAT numbers cannot start with 0", "葡萄牙增值税号不能以 0 开头")
	}
	c := 11 - weighted(b, []int{9, 8, 7, 6, 5, 4, 3, 2})%11
	if c >= 10 {
		c = 0
	}
	if int(b[8]-'0') != c {
		return "", reasonCheck(digitChar(c), b[8:])
	}
	return "", nil
}

// RO: 2-10 digits, weights 7,5,3,2,1,7,5,3,2 aligned right, check =
// sum×10 mod 11 mod 10; a 13-digit personal CNP is also accepted.
func vatRO(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if b[0] == '0' {
		return "", vatFormat("Romanian VAT numbers cannot start with 0", "罗马尼亚增值税号不能以 0 开头")
	}
	if len(b) == 13 {
		c := weighted(b, []int{2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9}) % 11
		if c == 10 {
			c = 1
		}
		if int(b[12]-'0') != c {
			return "", reasonCheck(digitChar(c), b[12:])
		}
		return "", nil
	}
	if len(b) < 2 || len(b) > 10 {
		r := reasonLength("4-12", len(b)+vatOffset, "")
		return "", r
	}
	body := strings.Repeat("0", 10-len(b)) + b[:len(b)-1]
	if want := weighted(body, []int{7, 5, 3, 2, 1, 7, 5, 3, 2}) * 10 % 11 % 10; int(b[len(b)-1]-'0') != want {
		return "", reasonCheck(digitChar(want), b[len(b)-1:])
	}
	return "", nil
}

// SE: 12 digits ending in 01; the first 10 are the organisation number
// with a Luhn check digit.
func vatSE(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 12 {
		return "", vatLength(len(b), 12)
	}
	if b[10:] != "01" {
		return "", vatFormat("Swedish VAT numbers end in 01", "瑞典增值税号应以 01 结尾")
	}
	if want := luhnCheckDigit(b[:9]); want != b[9] {
		return "", reasonCheck(string(want), b[9:10])
	}
	return "", nil
}

// SI: 8 digits, first not 0, weights 8…2, check = 11 - sum mod 11 (10 →
// 0, 11 never issued).
func vatSI(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 8 {
		return "", vatLength(len(b), 8)
	}
	if b[0] == '0' {
		return "", vatFormat("Slovenian VAT numbers cannot start with 0", "斯洛文尼亚增值税号不能以 0 开头")
	}
	c := 11 - weighted(b, []int{8, 7, 6, 5, 4, 3, 2})%11
	if c == 11 {
		return "", reasonCheck("", b[7:])
	}
	if c == 10 {
		c = 0
	}
	if int(b[7]-'0') != c {
		return "", reasonCheck(digitChar(c), b[7:])
	}
	return "", nil
}

// SK: 10 digits, first not 0, third digit 2,3,4,7,8 or 9, divisible by
// 11; otherwise a birth number.
func vatSK(b string) (string, *Reason) {
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) == 10 && b[0] != '0' && strings.IndexByte("234789", b[2]) >= 0 {
		n, _ := strconv.ParseInt(b, 10, 64)
		if n%11 != 0 {
			want := ""
			if c := (11 - (n/10*10)%11) % 11; c < 10 {
				want = digitChar(int(c))
			}
			return "", reasonCheck(want, b[9:])
		}
		return "", nil
	}
	if len(b) == 9 || len(b) == 10 {
		return "", birthNumberCZSK(b)
	}
	return "", vatLength(len(b), 10)
}

// GB and XI: 9 digits (12 with a branch suffix); weights 8,7,6,5,4,3,2
// plus the last two digits as a number. The sum mod 97 is 0 for the
// original scheme, or 42 (and 55 in a few ranges) for numbers issued
// under the "9755" scheme from 2010. GD/HA + 3 digits are government
// departments (< 500) and health authorities (≥ 500).
func vatGB(b string) (string, *Reason) {
	if len(b) == 5 && (b[:2] == "GD" || b[:2] == "HA") {
		if r := checkClass(b[2:], vatOffset+2, classDigit); r != nil {
			return "", r
		}
		n, _ := strconv.Atoi(b[2:])
		if b[:2] == "GD" && n >= 500 || b[:2] == "HA" && n < 500 {
			return "", vatFormat("GD numbers (government departments) run 000-499 and HA numbers (health authorities) 500-999",
				"GD（政府部门）编号为 000-499，HA（卫生机构）编号为 500-999")
		}
		return "", nil
	}
	if r := vatDigits(b); r != nil {
		return "", r
	}
	if len(b) != 9 && len(b) != 12 {
		return "", vatLength(len(b), 9, 12)
	}
	s := weighted(b, []int{8, 7, 6, 5, 4, 3, 2})
	last, _ := strconv.Atoi(b[7:9])
	sum := (s + last) % 97
	if sum == 0 || (b[:3] >= "100" && (sum == 42 || sum == 55)) {
		return "", nil
	}
	old := (97 - s%97) % 97
	n9755 := (97 - (s+55)%97) % 97
	r := reasonCheck(fmt.Sprintf("%02d", old), b[7:9])
	if b[:3] >= "100" {
		r.Params["expected_9755"] = fmt.Sprintf("%02d", n9755)
		r.EN = fmt.Sprintf("check digits should be %02d (or %02d under the 9755 scheme), not %s", old, n9755, b[7:9])
		r.ZH = fmt.Sprintf("校验码应为 %02d（按 9755 规则则为 %02d），而不是 %s", old, n9755, b[7:9])
	}
	return "", r
}
