// Package sanctions reads published sanctions lists (OFAC SDN, UN Security
// Council consolidated list, EU consolidated financial sanctions list, UK
// OFSI consolidated list, US Consolidated Screening List) into one Entry type
// and screens buyer names against them with a fuzzy, IDF-weighted matcher.
//
// Parsing lives in one file per format (ofac.go, un.go, eu.go, uk.go, csl.go);
// name normalisation in normalize.go; the screening index in index.go and
// scoring in screen.go. The package is pure domain code: it imports no
// storage, UI or network packages.
package sanctions
