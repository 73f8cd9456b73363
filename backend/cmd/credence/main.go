// Command credence is the command-line face of Credence: the same backend
// as the desktop app, for batch work and for our checks. Run
// `credence help` for the commands.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the process exit code, so
// tests can call it in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	err := dispatch(env, args)
	if err == nil {
		return 0
	}
	if u, ok := err.(usageError); ok {
		fmt.Fprintf(stderr, "credence: %s\n\n%s", u.msg, usage)
		return 2
	}
	if e, ok := err.(exitError); ok {
		return e.code
	}
	fmt.Fprintf(stderr, "credence: %s\n", sentence(err))
	return 1
}
