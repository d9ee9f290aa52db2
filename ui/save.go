package ui

// Handing an article to other programs: S saves it as a markdown file in
// the save folder, | pipes the same markdown to the configured command,
// which gets the terminal until it exits. Loading the article, writing the
// file and finding the program happen in a job; the program runs through
// tea.ExecProcess.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"bulletin/internal/browser"
	"bulletin/internal/savefile"
	"bulletin/model"
	"bulletin/render"
)

// handOff is where S and | send articles.
type handOff struct {
	// dir is the save folder; "" when there is none.
	dir string
	// pipe is the program and arguments | runs; empty for none.
	pipe []string
	// browserTerminal and inTerminal decide whether o hands the terminal
	// to the browser (termbrowser.go).
	browserTerminal bool
	inTerminal      inTerminalFunc
}

func newHandOff(opts Options) handOff {
	return handOff{dir: opts.SaveFolder, pipe: append([]string(nil), opts.PipeCommand...),
		browserTerminal: opts.BrowserTerminal, inTerminal: browser.InTerminal}
}

// noPipe is what | says without a pipe command.
const noPipe = `| needs a program: set pipe_command = ["less"] in [settings] of config.toml`

// savedMsg is the result of S: the path of the file written, or why none.
type savedMsg struct {
	path, shown string
	err         error
}

// pipeReadyMsg carries the command | runs, with the article's markdown on
// its standard input, or why it cannot run.
type pipeReadyMsg struct {
	cmd    *exec.Cmd
	stderr *firstLine
	err    error
}

// pipeDoneMsg is the end of the piped command.
type pipeDoneMsg struct {
	program string
	stderr  string
	err     error
}

// handOffKey handles S and |, in the list and in an article. It reports
// whether it handled msg.
func (m *Model) handOffKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.keys.Save):
		return m.saveArticle(), true
	case key.Matches(msg, m.keys.Pipe):
		return m.pipeArticle(), true
	}
	return nil, false
}

// handOffArticle is the article S and | act on: the one on screen (its
// readable page when that is shown), else the selected headline's, whole
// when it is loaded already.
func (m *Model) handOffArticle() (model.Article, bool) {
	a, ok := m.currentArticle()
	if !ok || a.Ref == "" {
		return model.Article{}, false
	}
	if !a.Loaded {
		if full, ok := m.s.cache.article(a.Ref); ok {
			return full, true
		}
	}
	return a, true
}

func (m *Model) saveArticle() tea.Cmd {
	a, ok := m.handOffArticle()
	if !ok {
		m.note.text = "no article to save"
		return nil
	}
	if m.handOff.dir == "" {
		m.note.text, m.note.err = "no folder to save into: set save_folder in [settings] of config.toml", true
		return nil
	}
	dir := m.handOff.dir
	_, cmd := m.s.jobs.start(m.s.ctx, job{kind: jobHandOff, keys: []string{a.Ref}}, func(ctx context.Context) tea.Msg {
		return saveMarkdown(ctx, dir, a)
	})
	return cmd
}

// saveMarkdown writes the article as a new markdown file in dir.
func saveMarkdown(ctx context.Context, dir string, a model.Article) savedMsg {
	full, err := model.Load(ctx, &a)
	if err != nil {
		return savedMsg{err: fmt.Errorf("cannot save %s: %w", model.CleanLine(a.Title), err)}
	}
	name := savefile.Name(full.Title, full.Published, full.HasDate, full.ID)
	path, err := savefile.Write(dir, name, []byte(render.Export(&full)))
	if err != nil {
		// The folder named as the status bar shows paths, and what went
		// wrong without the path the system's error repeats.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return savedMsg{err: fmt.Errorf("cannot save into %s: %w", shownPath(dir), err)}
	}
	return savedMsg{path: path, shown: shownPath(path)}
}

// maxShownPath is the most cells a saved file's path takes in the status
// bar: with "saved to " it fits the room a note has in 100 columns.
const maxShownPath = 56

// shownPath is a path for the status bar: the home folder as ~, and a long
// one cut at its start, where the folder is, so the file name stays whole
// (the status bar would cut its end).
func shownPath(path string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" && strings.HasPrefix(path, home+string(filepath.Separator)) {
		path = "~" + path[len(home):]
	}
	return truncateLeft(model.CleanLine(path), maxShownPath)
}

func (m Model) savedArticle(msg savedMsg) Model {
	if msg.err != nil {
		m.note = note{text: model.CleanLine(trimPrefix(msg.err)), err: true}
		return m
	}
	m.note = note{text: "saved to " + msg.shown}
	return m
}

func (m *Model) pipeArticle() tea.Cmd {
	a, ok := m.handOffArticle()
	if !ok {
		m.note.text = "no article to pipe"
		return nil
	}
	if len(m.handOff.pipe) == 0 {
		m.note.text = noPipe
		return nil
	}
	argv := m.handOff.pipe
	_, cmd := m.s.jobs.start(m.s.ctx, job{kind: jobHandOff, keys: []string{a.Ref}}, func(ctx context.Context) tea.Msg {
		return pipeCommand(ctx, argv, a)
	})
	return cmd
}

// pipeCommand makes the command | runs: argv run directly (exec.Command
// looks the program up, hence here and not in Update), the article's
// markdown on its standard input, its errors on the terminal and the first
// line of them kept for the status bar.
func pipeCommand(ctx context.Context, argv []string, a model.Article) pipeReadyMsg {
	full, err := model.Load(ctx, &a)
	if err != nil {
		return pipeReadyMsg{err: fmt.Errorf("cannot pipe %s: %w", model.CleanLine(a.Title), err)}
	}
	c := exec.Command(argv[0], argv[1:]...)
	c.Stdin = strings.NewReader(render.Export(&full))
	stderr := &firstLine{}
	c.Stderr = io.MultiWriter(stderr, os.Stderr)
	return pipeReadyMsg{cmd: c, stderr: stderr}
}

// runPipe hands the terminal to the piped command until it exits.
func (m *Model) runPipe(msg pipeReadyMsg) tea.Cmd {
	if msg.err != nil {
		m.note = note{text: model.CleanLine(trimPrefix(msg.err)), err: true}
		return nil
	}
	program, stderr := filepath.Base(msg.cmd.Path), msg.stderr
	if len(msg.cmd.Args) > 0 {
		program = filepath.Base(msg.cmd.Args[0])
	}
	return tea.ExecProcess(msg.cmd, func(err error) tea.Msg {
		return pipeDoneMsg{program: program, stderr: stderr.String(), err: err}
	})
}

func (m Model) pipeDone(msg pipeDoneMsg) Model {
	program := model.CleanLine(msg.program)
	if msg.err == nil {
		m.note = note{text: "piped to " + program}
		return m
	}
	m.note = note{text: exitWhy(program, msg.err, msg.stderr), err: true}
	return m
}

// exitWhy says how a program given the terminal failed: its exit status
// or why it could not run, then the first line of its errors when known.
func exitWhy(program string, err error, stderr string) string {
	var exit *exec.ExitError
	var why string
	switch {
	case errors.As(err, &exit) && exit.Exited():
		why = program + " exited with status " + fmt.Sprint(exit.ExitCode())
	case errors.As(err, &exit):
		why = program + " ended by " + exit.String()
	default:
		why = "cannot run " + program + ": " + model.CleanLine(err.Error())
	}
	if stderr != "" {
		why += ": " + stderr
	}
	return why
}

// maxStderrLine bounds the line of a command's errors kept.
const maxStderrLine = 200

// firstLine keeps the first non-empty line written to it (clean, at most
// maxStderrLine bytes) and takes the rest without keeping it. The command
// writes to it from its own goroutine.
type firstLine struct {
	mu   sync.Mutex
	b    []byte
	done bool
}

func (f *firstLine) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range p {
		if f.done {
			break
		}
		switch {
		case c == '\n' && len(strings.TrimSpace(string(f.b))) > 0:
			f.done = true
		case c == '\n':
			f.b = f.b[:0]
		case len(f.b) < maxStderrLine:
			f.b = append(f.b, c)
		}
	}
	return len(p), nil
}

func (f *firstLine) String() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return model.CleanLine(string(f.b))
}
