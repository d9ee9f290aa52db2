// Package cli is bulletin's command line: the commands, their flags and
// exit statuses. It wires the real sources to the model and the UI.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"bulletin/config"
	"bulletin/internal/firstscreen"
	"bulletin/store"
	"bulletin/ui"
)

// Version is set at build time with -ldflags "-X bulletin/cli.Version=...".
var Version = ""

// Exit statuses.
const (
	exitOK    = 0
	exitInput = 1 // some input had errors
	exitUsage = 2
)

// Execute runs the command line and returns the exit status.
func Execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if firstscreen.Painted() {
		// A remembered screen is on the terminal: what is printed before
		// the reader draws over it (an error that stops the start) must
		// show on the normal screen.
		stderr = undoPaint{stderr}
	}
	root := newRoot()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(ctx, root,
		fang.WithVersion(version()),
		fang.WithErrorHandler(func(w io.Writer, _ fang.Styles, err error) {
			if errors.Is(err, errReported) {
				return // each error was already reported with its file
			}
			// One plain line, as the file names in it are the user's own
			// (fang's handler would capitalise them).
			fmt.Fprintf(w, "bulletin: %v\n", err)
			if isUsage(err) {
				fmt.Fprintln(w, "Try 'bulletin --help' for usage.")
			}
		}),
	)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errReported):
		return exitInput
	case isUsage(err):
		return exitUsage
	}
	return exitInput
}

func isUsage(err error) bool {
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	// cobra reports unknown commands and flags as plain errors.
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument"} {
		if len(err.Error()) >= len(p) && err.Error()[:len(p)] == p {
			return true
		}
	}
	return false
}

func version() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func newRoot() *cobra.Command {
	theme := themeFlag("auto")
	images := imagesFlag("")
	root := &cobra.Command{
		Use:   "bulletin [SOURCE...]",
		Short: "Read the news in your terminal",
		Long: "bulletin reads news articles from folders of article files and from feeds,\n" +
			"and follows the related stories an article links to, with Back and Forward\n" +
			"like a browser. With no SOURCE it opens your library: the folders and feeds\n" +
			"you added, or the built-in tour until you add sources of your own.",
		Example: "  bulletin                      # your library (the tour at first)\n" +
			"  bulletin --theme light ~/news # a light terminal\n" +
			"  bulletin ~/news               # a folder of article files\n" +
			"  bulletin add https://go.dev/blog/feed.atom\n" +
			"  bulletin refresh              # fetch your feeds\n" +
			"  bulletin list --json ~/news   # headlines as JSON Lines\n" +
			"  bulletin read ~/news/1234.txt # one article",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			sel, err := openSelection(args)
			if err != nil {
				return err
			}
			if !isTerminal(cmd.OutOrStdout()) {
				return listSelection(cmd, sel, listOptions{})
			}
			return runUI(cmd, sel, theme, images)
		},
	}
	root.PersistentFlags().Var(&theme, "theme", "colours: dark, light or auto (ask the terminal)")
	root.PersistentFlags().Var(&images, "images", "pictures: auto (ask the terminal), kitty, sixel, iterm2, halfblocks or off")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newListCmd(), newReadCmd(), newTourCmd(&theme, &images))
	root.AddCommand(storeCommands()...)
	return root
}

// themeFlag is the value of --theme: dark, light or auto.
type themeFlag string

func (t *themeFlag) String() string { return string(*t) }
func (t *themeFlag) Type() string   { return "theme" }
func (t *themeFlag) Set(v string) error {
	switch v {
	case "dark", "light", "auto":
		*t = themeFlag(v)
		return nil
	}
	return fmt.Errorf("want dark, light or auto")
}

// runUI opens the interactive reader on the selection, listed through the
// library store when it can be opened, with the user's feeds. Without the
// store the reader still runs, on the plain folders, and says why in its
// status bar. A crash inside the reader has already been reported in one
// line.
func runUI(cmd *cobra.Command, sel *selection, theme themeFlag, images imagesFlag) error {
	opts := ui.Options{Theme: string(theme)}
	srcs, st, fs, closeStore, warn, err := openReaderLibrary(cmd, sel)
	var storeErr error
	if err != nil {
		// A damaged or newer store: read the folders without it, and
		// say how to fix it (in full) after the reader ends.
		storeErr, warn = err, trimPrefix(err)
		switch {
		case errors.Is(err, store.ErrDamaged):
			warn = "the library store is damaged (more when you quit)"
		case errors.Is(err, store.ErrNewer):
			warn = "the library store is from a newer bulletin (more when you quit)"
		}
		srcs, closeStore = sourcesOf(sel.folders), func() {}
	}
	closeOnce := sync.OnceFunc(closeStore)
	defer closeOnce()
	if warn != "" {
		opts.StoreErr = "not saving: " + warn
	}
	opts.Sources, opts.Store, opts.Feeds = srcs, st, fs
	opts.FoldersOnly = sel.named
	readerSettings(&opts, sel.cfg)
	pictureSettings(&opts, sel.cfg, fs, images)
	// The reader shows the first problem with the keys; all of them are
	// printed with the other warnings when it ends.
	_, keyProblems := ui.KeyMapFor(opts.Keys)
	sel.warnings = append(sel.warnings, keyProblems...)
	var next *nextScreen
	if st != nil {
		next = &nextScreen{}
		opts.Remember = next.take
	}
	firstscreen.HandOver()
	err = ui.Run(cmd.Context(), opts)
	// The store's files are as the next start finds them once it is
	// closed.
	closeOnce()
	next.save(cmd.ErrOrStderr())
	if storeErr != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: warning: %s; nothing was saved\n", trimPrefix(storeErr))
	}
	sel.warn(cmd.ErrOrStderr())
	if errors.Is(err, ui.ErrInternal) {
		return errReported
	}
	return err
}

// exactArgs is cobra.ExactArgs reporting a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("%s takes %d argument(s), got %d", cmd.Name(), n, len(args))}
		}
		return nil
	}
}

func newTourCmd(theme *themeFlag, images *imagesFlag) *cobra.Command {
	return &cobra.Command{
		Use:   "tour",
		Short: "Open the built-in tour",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !isTerminal(cmd.OutOrStdout()) {
				return listSelection(cmd, tourSelection(), listOptions{})
			}
			return runUI(cmd, tourSelection(), *theme, *images)
		},
	}
}

// stdoutIsTerminal reports whether w is a terminal, for plain or styled output.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// uiOpeners are the configuration's openers as the reader takes them.
func uiOpeners(in map[string]config.Opener) map[string]ui.Opener {
	out := make(map[string]ui.Opener, len(in))
	for kind, o := range in {
		out[kind] = ui.Opener{Command: o.Command, Terminal: o.Terminal}
	}
	return out
}
