// Package sheet reads the tables people keep in Excel and CSV files: it
// streams the rows (so a 100 000-row export stays small in memory), finds
// the header row past title rows and blank lines, skips totals rows, maps
// columns to fields by their Chinese or English headers, and reads the
// numbers and dates the way spreadsheets and their users write them.
//
// It knows nothing of dossiers or trade records: callers describe their
// fields with a Schema and convert the mapped cells themselves.
package sheet
