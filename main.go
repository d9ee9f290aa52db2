// Command bulletin is a terminal news reader.
package main

import (
	"context"
	"os"

	"bulletin/cli"
)

func main() {
	os.Exit(cli.Execute(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}
