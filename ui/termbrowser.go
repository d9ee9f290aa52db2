package ui

// A browser that draws in the terminal (lynx, w3m, links, elinks, or any
// $BROWSER with browser_terminal set) cannot run beside the reader: o
// hands it the terminal with tea.ExecProcess and the reader comes back
// when it exits. Other browsers start detached, as web.go has them.

import (
	"os/exec"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// terminalBrowserMsg carries the terminal browser to run for url.
type terminalBrowserMsg struct {
	url string
	cmd *exec.Cmd
}

// browserBackMsg is the end of a terminal browser.
type browserBackMsg struct {
	url, program string
	err          error
}

// browse opens link: in a terminal browser that gets the terminal, else in
// the browser started detached. Which one is decided in the command, as it
// looks programs up.
func (m *Model) browse(link string) tea.Cmd {
	ctx, open, find, force := m.s.ctx, m.openURL, m.handOff.inTerminal, m.handOff.browserTerminal
	return func() tea.Msg {
		argv, ok, err := find(link, force)
		switch {
		case err != nil:
			return browserMsg{url: link, err: err}
		case ok:
			return terminalBrowserMsg{url: link, cmd: exec.Command(argv[0], argv[1:]...)}
		}
		return browserCmd(ctx, open, link)()
	}
}

// runTerminalBrowser hands the terminal to the browser until it exits.
func runTerminalBrowser(msg terminalBrowserMsg) tea.Cmd {
	program := filepath.Base(msg.cmd.Args[0])
	return tea.ExecProcess(msg.cmd, func(err error) tea.Msg {
		return browserBackMsg{url: msg.url, program: program, err: err}
	})
}

func (m Model) browserBack(msg browserBackMsg) Model {
	if msg.err != nil {
		m.note = note{text: exitWhy(model.CleanLine(msg.program), msg.err, ""), err: true}
		return m
	}
	m.note = note{text: "back from " + model.CleanLine(msg.program) + ": " + model.CleanLine(msg.url)}
	return m
}

// inTerminalFunc decides whether a link opens in a terminal browser, and
// with which argv (browser.InTerminal; tests replace it).
type inTerminalFunc func(link string, force bool) ([]string, bool, error)
