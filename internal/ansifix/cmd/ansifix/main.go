// Command ansifix reads a tmux `capture-pane -p -e` capture on stdin and
// writes it on stdout in a form charmbracelet/freeze renders faithfully: full
// SGR state re-emitted at every change and line start, reverse video and
// default-colour resets resolved, 16-colour codes mapped to 256-colour ones,
// and every line padded to -width cells and the capture to -height lines.
//
//	tmux capture-pane -p -e -t app | ansifix -width 100 -height 30 > shot.ansi
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"bulletin/internal/ansifix"
)

func main() {
	width := flag.Int("width", 0, "pad or cut every line to this many cells (0: leave them)")
	height := flag.Int("height", 0, "pad or cut the capture to this many lines (0: leave it)")
	fg := flag.String("fg", "#c4c4c4", "default text colour, used when reverse video swaps colours (freeze's default)")
	bg := flag.String("bg", "#171717", "default background colour, used when reverse video swaps colours (freeze's default)")
	padDefault := flag.Bool("pad-default", false, "pad lines in the default background, not the last one set (screens with pictures)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: ansifix [-width N] [-height N] [-fg #rrggbb] [-bg #rrggbb] [-pad-default] < capture > fixed")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 || *width < 0 || *height < 0 {
		flag.Usage()
		os.Exit(2)
	}
	opt := ansifix.Options{Width: *width, Height: *height, PadDefault: *padDefault}
	var ok bool
	if opt.DefaultFG, ok = ansifix.Hex(*fg); !ok {
		fmt.Fprintf(os.Stderr, "ansifix: -fg %q is not #rrggbb\n", *fg)
		os.Exit(2)
	}
	if opt.DefaultBG, ok = ansifix.Hex(*bg); !ok {
		fmt.Fprintf(os.Stderr, "ansifix: -bg %q is not #rrggbb\n", *bg)
		os.Exit(2)
	}
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ansifix:", err)
		os.Exit(1)
	}
	if _, err := io.WriteString(os.Stdout, ansifix.Fix(string(in), opt)); err != nil {
		fmt.Fprintln(os.Stderr, "ansifix:", err)
		os.Exit(1)
	}
}
