// Package browser opens web links in the user's browser.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"

	"bulletin/model"
)

// start launches one command. Tests replace it to see the exact argv
// without launching anything.
var start = startDetached

// startDetached starts argv and returns without waiting for it: a browser
// may run for hours, and the reader must not block on it. Its standard
// streams stay unconnected (nil is the null device) so that nothing it
// prints lands on the terminal the reader draws. The wait happens in a
// goroutine only to reap the process.
//
// The context is deliberately not tied to the process: cancelling the
// request that opened a page must not close the user's browser.
func startDetached(argv []string) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// Open opens rawURL, an absolute http or https URL, in the user's browser:
// the commands in $BROWSER, tried in turn until one starts, else the
// system's opener (xdg-open, open, or url.dll on Windows). The URL is
// always one argument of a program run directly, never text for a shell.
// Open returns once the browser has started, not when it exits.
func Open(ctx context.Context, rawURL string) error {
	u, err := check(rawURL)
	if err != nil {
		return err
	}
	cmds := commands(runtime.GOOS, os.Getenv("BROWSER"), u)
	if len(cmds) == 0 {
		return fmt.Errorf("browser: cannot open %q: $BROWSER names no usable command", rawURL)
	}
	var errs []error
	for _, argv := range cmds {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("browser: opening %q: %w", rawURL, err)
		}
		err := start(argv)
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", argv[0], err))
	}
	return fmt.Errorf("browser: cannot open %q: %w", rawURL, errors.Join(errs...))
}

// check accepts only what a browser should be handed from a page of
// untrusted text: file:, javascript: and other schemes could read local
// files or run code, and controls or spaces could smuggle extra arguments
// or confuse the opener. It returns the URL as it will be passed.
func check(rawURL string) (string, error) {
	bad := func(why string) (string, error) {
		return "", fmt.Errorf("browser: refusing to open %q: %s", rawURL, why)
	}
	if rawURL == "" {
		return bad("empty URL")
	}
	for _, r := range rawURL {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar || unicode.Is(unicode.Cf, r) {
			return bad("it contains a control, format or space character")
		}
	}
	u, err := model.WebLink(rawURL)
	if err != nil {
		return bad(err.Error())
	}
	// The reader asks before it opens such a link, and hands over the
	// link without the user info; a caller that forgot would show the
	// browser a host the user never saw.
	if host, disguise, ok := model.DisguisedHost(u); ok {
		return bad(fmt.Sprintf("its user info %s hides the host %s", disguise, host))
	}
	s := u.String()
	// Unreachable after the scheme check, but an argument starting with
	// '-' would be read as an option by the opener; keep that impossible
	// whatever the checks above become.
	if strings.HasPrefix(s, "-") {
		return bad("it starts with '-'")
	}
	return s, nil
}

// shells are interpreters that would run their arguments as code: a
// $BROWSER entry such as "sh -c %s" would make the URL a shell command, so
// such entries are skipped.
var shells = map[string]bool{
	"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "mksh": true,
	"csh": true, "tcsh": true, "fish": true, "busybox": true, "env": true,
	"cmd": true, "powershell": true, "pwsh": true, "python": true, "python3": true,
	"perl": true, "ruby": true, "node": true,
}

// commands returns the argv of each command to try for u, in order: the
// entries of browserEnv (a $BROWSER value), else the opener of goos.
func commands(goos, browserEnv, u string) [][]string {
	if browserEnv != "" {
		var cmds [][]string
		for entry := range strings.SplitSeq(browserEnv, string(filepath.ListSeparator)) {
			if argv := browserCommand(entry, u); argv != nil {
				cmds = append(cmds, argv)
			}
		}
		if len(cmds) > 0 {
			return cmds
		}
		if strings.TrimSpace(strings.ReplaceAll(browserEnv, string(filepath.ListSeparator), "")) != "" {
			// $BROWSER named only commands we refuse; falling back to
			// the system opener would ignore the user's choice silently.
			return nil
		}
	}
	switch goos {
	case "darwin":
		return [][]string{{"open", u}}
	case "windows":
		return [][]string{{"rundll32", "url.dll,FileProtocolHandler", u}}
	}
	return [][]string{{"xdg-open", u}}
}

// browserCommand reads one $BROWSER entry: a program and fixed arguments
// separated by spaces. The URL replaces "%s" where the entry has it ("%%"
// is then a literal '%'), else it is appended as the last argument. It
// returns nil for an empty entry or one that runs an interpreter.
func browserCommand(entry, u string) []string {
	fields := strings.Fields(entry)
	if len(fields) == 0 {
		return nil
	}
	prog := strings.ToLower(filepath.Base(fields[0]))
	prog = strings.TrimSuffix(prog, ".exe")
	if shells[prog] {
		return nil
	}
	if !strings.Contains(entry, "%s") {
		return append(fields, u)
	}
	argv := make([]string, len(fields))
	for i, f := range fields {
		argv[i] = substitute(f, u)
	}
	return argv
}

// substitute expands %s to u and %% to %, leaving any other % alone.
func substitute(arg, u string) string {
	if !strings.Contains(arg, "%") {
		return arg
	}
	var b strings.Builder
	for i := 0; i < len(arg); i++ {
		if arg[i] == '%' && i+1 < len(arg) {
			switch arg[i+1] {
			case 's':
				b.WriteString(u)
				i++
				continue
			case '%':
				b.WriteByte('%')
				i++
				continue
			}
		}
		b.WriteByte(arg[i])
	}
	return b.String()
}

// terminalBrowsers are browsers known to draw in the terminal they are
// started from, by program name.
var terminalBrowsers = map[string]bool{"lynx": true, "w3m": true, "links": true, "links2": true, "elinks": true}

// InTerminal decides how to open rawURL: when the first command of
// $BROWSER that exists is a terminal browser, or any command when force is
// set (browser_terminal), it returns that command's argv and true, and the
// caller hands it the terminal until it exits. Otherwise it returns false,
// and Open starts the browser detached. rawURL is checked as Open checks
// it. It looks programs up, so it does not belong in a Bubble Tea Update.
func InTerminal(rawURL string, force bool) ([]string, bool, error) {
	return inTerminal(rawURL, os.Getenv("BROWSER"), force, exec.LookPath)
}

func inTerminal(rawURL, browserEnv string, force bool, lookPath func(string) (string, error)) ([]string, bool, error) {
	u, err := check(rawURL)
	if err != nil {
		return nil, false, err
	}
	if strings.TrimSpace(browserEnv) == "" {
		return nil, false, nil
	}
	for _, argv := range commands(runtime.GOOS, browserEnv, u) {
		if _, err := lookPath(argv[0]); err != nil {
			continue
		}
		if !force && !isTerminalBrowser(argv[0]) {
			return nil, false, nil
		}
		return argv, true, nil
	}
	return nil, false, nil
}

func isTerminalBrowser(program string) bool {
	name := strings.ToLower(filepath.Base(program))
	return terminalBrowsers[strings.TrimSuffix(name, ".exe")]
}
