package sanctions

import (
	"strings"
	"sync"
)

// Weak words say where a company is or what it trades in, not who it is:
// country and city names, demonyms, and the trades (electronics,
// petroleum, shipping …). Like the generic words they cannot lift a
// candidate over the threshold on their own: a name matched only through
// them is capped, unless both names are the same in full.
var (
	weakOnce  sync.Once
	weakWords map[string]bool
)

// cities are the trading places our users' buyers name themselves after.
const cities = `shenzhen shanghai beijing guangzhou ningbo yiwu xiamen tianjin qingdao dalian hong kong macau macao taipei
	dubai sharjah ajman abu dhabi doha muscat kuwait riyadh jeddah dammam manama tehran teheran bandar abbas isfahan
	baghdad basra damascus aleppo beirut amman cairo alexandria istanbul ankara izmir mersin moscow petersburg novorossiysk
	vladivostok minsk kiev kyiv tashkent almaty baku tbilisi yerevan karachi lahore kabul mumbai bombay delhi chennai kolkata
	dhaka colombo singapore kuala lumpur jakarta bangkok hanoi saigon manila seoul busan pyongyang nampo tokyo osaka
	lagos abuja accra nairobi mombasa dar salaam addis ababa khartoum tripoli benghazi tunis algiers casablanca
	caracas havana panama colon rotterdam hamburg antwerp london paris milan geneva zurich cyprus limassol`

// demonyms and region words that sit in names like "Syrian Petroleum".
const places = `asia asian orient oriental pacific atlantic gulf middle east west north south european africa african arab arabian
	syrian iranian persian korean chinese russian turkish iraqi lebanese emirates emirati indian pakistani afghan
	sino euro eurasia eurasian caspian mediterranean red sea black baltic`

// trades are the lines of business in company names.
const trades = `electronics electronic electric electrical petroleum petrochemical petrochemicals oil gas energy power shipping
	marine maritime navigation shipbuilding textile textiles garment garments steel metal metals mining minerals chemical
	chemicals pharmaceutical pharmaceuticals medical foods food agricultural agriculture machinery machine machines
	auto automotive motors construction building cement plastics plastic rubber paper printing electronic computer computers
	software telecom telecommunications communications transport transportation freight cargo airlines aviation air
	tobacco fishing fisheries seafood textile leather furniture lighting solar hardware tools packaging ceramics glass`

func loadWeakWords() {
	weakWords = map[string]bool{}
	for _, s := range []string{cities, places, trades} {
		for _, w := range strings.Fields(s) {
			weakWords[w] = true
		}
	}
	countryOnce.Do(loadCountries)
	for name := range countryByName {
		for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r < 'a' || r > 'z' }) {
			if len(w) >= 3 && !stopWords[w] {
				weakWords[w] = true
			}
		}
	}
}

// isWeak reports a generic, place or trade word.
func isWeak(tok string) bool {
	weakOnce.Do(loadWeakWords)
	return genericWords[tok] || legalForms[tok] || weakWords[tok]
}

// sameCountryArea: Hong Kong, Macau and Taiwan addresses are not a
// mismatch with lists that say China (nor the reverse): lists and buyers
// write the same party either way.
func sameCountryArea(a, b string) bool {
	area := func(c string) bool { return c == "CN" || c == "HK" || c == "MO" || c == "TW" }
	return area(strings.ToUpper(a)) && area(strings.ToUpper(b))
}
