package idcheck

// uenEntityTypes are the entity-type codes of "other" UENs (T/S/R + year
// + type + 4 digits + letter).
var uenEntityTypes = map[string]bool{}

func init() {
	for _, t := range []string{"CC", "CD", "CH", "CL", "CM", "CP", "CS", "CX",
		"DP", "FB", "FC", "FM", "FN", "GA", "GB", "GS", "HS", "LL", "LP", "MB",
		"MC", "MD", "MH", "MM", "MQ", "NB", "NR", "PA", "PB", "PF", "RF", "RP",
		"SM", "SS", "TC", "TU", "VH", "XL"} {
		uenEntityTypes[t] = true
	}
}

// validateUEN checks the layout of a Singapore UEN. The check letter's
// algorithm is not published by ACRA, so only the format is verified:
// businesses nnnnnnnnX, local companies yyyynnnnnX, foreign companies
// F000nnnnnX, others [RST]yyPQnnnnX.
func validateUEN(s string) (string, *Reason) {
	switch len(s) {
	case 9:
		if r := checkClass(s[:8], 0, classDigit); r != nil {
			return "", r
		}
		return "", checkClass(s[8:], 8, classLetter)
	case 10:
	default:
		return "", reasonLength("9 or 10", len(s), "9 或 10")
	}
	switch {
	case isDigit(rune(s[0])):
		if r := checkClass(s[:9], 0, classDigit); r != nil {
			return "", r
		}
		if s[:2] != "18" && s[:2] != "19" && s[:2] != "20" {
			return "", reasonFormat(nil, "a local-company UEN starts with its year of registration", "本地公司 UEN 应以注册年份开头")
		}
	case s[0] == 'F':
		if s[1:4] != "000" {
			return "", reasonFormat(nil, "a foreign-company UEN has 000 after the F", "外国公司 UEN 在 F 之后应为 000")
		}
		if r := checkClass(s[4:9], 4, classDigit); r != nil {
			return "", r
		}
	case s[0] == 'R' || s[0] == 'S' || s[0] == 'T':
		if r := checkClass(s[1:3], 1, classDigit); r != nil {
			return "", r
		}
		if !uenEntityTypes[s[3:5]] {
			return "", reasonFormat(map[string]string{"entity_type": s[3:5]},
				"characters 4-5 ("+s[3:5]+") are not a UEN entity-type code",
				"第 4-5 位（"+s[3:5]+"）不是 UEN 实体类型代码")
		}
		if r := checkClass(s[5:9], 5, classDigit); r != nil {
			return "", r
		}
	default:
		return "", reasonFormat(nil, "a 10-character UEN starts with a year, F, R, S or T", "10 位 UEN 应以年份、F、R、S 或 T 开头")
	}
	return "", checkClass(s[9:], 9, classLetter)
}
