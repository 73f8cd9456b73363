package sanctions

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// DetectFormat tells which list a path holds: a file, or a folder holding one
// list's files (sdn.csv with alt.csv and add.csv for OFAC, or a single list
// file). It returns one of the Source* constants.
func DetectFormat(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("detect format: %w", err)
	}
	if fi.IsDir() {
		if findFile(path, "sdn.csv") != "" {
			return SourceOFAC, nil
		}
		f, err := singleFile(path)
		if err != nil {
			return "", fmt.Errorf("detect format %s: %w", path, err)
		}
		path = f
	}
	if strings.EqualFold(filepath.Base(path), "sdn.csv") {
		return SourceOFAC, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("detect format: %w", err)
	}
	defer f.Close()
	head := make([]byte, 8192)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", fmt.Errorf("detect format %s: %w", path, err)
	}
	if format := sniff(head[:n]); format != "" {
		return format, nil
	}
	return "", fmt.Errorf("detect format %s: not a known sanctions list (OFAC SDN CSV, UN XML, EU XML, UK OFSI CSV, US CSL CSV)", path)
}

var ofacFirstLine = regexp.MustCompile(`^\d+,"[^"]*",`)

// sniff recognises a list from the first bytes of its file.
func sniff(head []byte) string {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trim := bytes.TrimSpace(head)
	if bytes.HasPrefix(trim, []byte("<")) {
		switch {
		case bytes.Contains(head, []byte("<CONSOLIDATED_LIST")):
			return SourceUN
		case bytes.Contains(head, []byte("<export")) && (bytes.Contains(head, []byte("fsd/export")) || bytes.Contains(head, []byte("sanctionEntity"))):
			return SourceEU
		}
		return ""
	}
	first, _, _ := bytes.Cut(trim, []byte("\n"))
	lower := bytes.ToLower(first)
	switch {
	case bytes.HasPrefix(lower, []byte("last updated")):
		return SourceUK
	case bytes.Contains(lower, []byte("group id")) && bytes.Contains(lower, []byte("name 6")):
		return SourceUK
	case bytes.Contains(lower, []byte("name")) && bytes.Contains(lower, []byte("source")) &&
		(bytes.Contains(lower, []byte("alt_names")) || bytes.Contains(lower, []byte("_id"))):
		return SourceCSL
	case ofacFirstLine.Match(first):
		return SourceOFAC
	}
	return ""
}

// Load reads the list at path in the given format ("" to detect). For OFAC,
// path is sdn.csv or the folder holding it; alt.csv and add.csv beside it
// are read when present. Errors name the file.
func Load(path, format string) (*List, error) {
	if format == "" {
		f, err := DetectFormat(path)
		if err != nil {
			return nil, fmt.Errorf("load: %w", err)
		}
		format = f
	}
	if format == SourceOFAC {
		return loadOFAC(path)
	}
	parse := map[string]func(io.Reader) (*List, error){
		SourceUN: ParseUN, SourceEU: ParseEU, SourceUK: ParseUK, SourceCSL: ParseCSL,
	}[format]
	if parse == nil {
		return nil, fmt.Errorf("load %s: unknown format %q", path, format)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		f, err := singleFile(path)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", path, err)
		}
		path = f
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	defer f.Close()
	l, err := parse(f)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return l, nil
}

func loadOFAC(path string) (*List, error) {
	dir, sdnPath := path, ""
	if fi, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("load: %w", err)
	} else if fi.IsDir() {
		sdnPath = findFile(dir, "sdn.csv")
		if sdnPath == "" {
			return nil, fmt.Errorf("load %s: no sdn.csv in folder", path)
		}
	} else {
		dir, sdnPath = filepath.Dir(path), path
	}
	sdn, err := os.Open(sdnPath)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	defer sdn.Close()
	var side [2]io.Reader
	for i, name := range []string{"alt.csv", "add.csv"} {
		p := findFile(dir, name)
		if p == "" {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("load: %w", err)
		}
		defer f.Close()
		side[i] = f
	}
	l, err := ParseOFAC(sdn, side[0], side[1])
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	return l, nil
}

// findFile returns the path of name in dir, matched case-insensitively, or "".
func findFile(dir, name string) string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, e := range ents {
		if !e.IsDir() && strings.EqualFold(e.Name(), name) {
			return filepath.Join(dir, e.Name())
		}
	}
	return ""
}

// singleFile returns the one list-looking file (csv or xml) in dir.
func singleFile(dir string) (string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var found []string
	for _, e := range ents {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && (ext == ".csv" || ext == ".xml") {
			found = append(found, filepath.Join(dir, e.Name()))
		}
	}
	switch len(found) {
	case 0:
		return "", errors.New("folder holds no .csv or .xml file")
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("folder holds %d list files; choose one", len(found))
}
