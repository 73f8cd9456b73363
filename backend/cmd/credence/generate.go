package main

import (
	"fmt"

	"credence/backend/gen"
)

func init() { commands["generate"] = cmdGenerate }

// cmdGenerate fills a workspace with synthetic customers, for trying the
// app at scale and for benchmarks of the whole program.
func cmdGenerate(e *env, args []string) error {
	fs := newFlags("generate")
	count := fs.Int("count", 10000, "how many customers")
	seed := fs.Uint64("seed", 1, "random seed (same seed, same book)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *count < 1 || *count > 1_000_000 {
		return usagef("--count must be between 1 and 1000000")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	st, _ := s.Settings()
	last := 0
	_, err = s.BulkCreateSized(*count, gen.Stream(*count, *seed), st.UserName, func(n int) {
		if n-last >= 1000 || n == *count {
			fmt.Fprintf(e.stderr, "\r%d of %d", n, *count)
			last = n
		}
	})
	fmt.Fprintln(e.stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "generated %d customers; the workspace now has %d\n", *count, s.Count())
	return nil
}
