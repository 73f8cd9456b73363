// Package refdata holds the reference tables the checks lean on (OECD
// country risk, FATF lists, free-mail and throw-away mail domains, country
// names), each as a data file with its source, date and licence notice,
// embedded in the binary. A firm can import a newer table into its
// workspace without a new release; the imported copy then replaces the
// embedded one (the firm's own policy overrides still win over both).
//
// Tables are refreshed from upstream with scripts/refdata/update.sh.
package refdata
