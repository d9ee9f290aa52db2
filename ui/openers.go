package ui

// Opening the files a feed item carries (e): with the command configured
// for their kind ([openers] in config.toml), the file's address added as
// the last argument and run without a shell; a terminal program gets the
// screen until it ends (tea.ExecProcess), any other runs beside the
// reader. A file with no opener for its kind opens in the browser.

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// Opener is a command that opens files of one kind: Command[0] is the
// program, the rest its first arguments; the file's address comes last.
// Terminal is set for a program that runs in the terminal (a player that
// reads keys): the reader hands it the screen until it ends.
type Opener struct {
	Command  []string
	Terminal bool
}

// openerFor is the opener of a file: the one for its full media type,
// else for its kind (audio, video, image).
func openerFor(openers map[string]Opener, e model.Enclosure) (Opener, bool) {
	for _, k := range []string{e.MediaType(), e.Kind()} {
		if o, ok := openers[k]; ok && k != "" && len(o.Command) > 0 {
			return o, true
		}
	}
	return Opener{}, false
}

// fileOpenedMsg says how an opener ended: err and the last line it wrote
// on its standard error when it failed.
type fileOpenedMsg struct {
	name, program string
	err           error
	stderr        string
}

// openFile opens file i of the article (-1: the focused one, else the
// first) with its opener, else in the browser.
func (m *Model) openFile(i int) tea.Cmd {
	files := m.article.shownFiles()
	if len(files) == 0 {
		m.note.text = "this article carries no files"
		return nil
	}
	if i < 0 {
		i = max(0, m.article.focusedFile())
	}
	e := files[min(i, len(files)-1)]
	u, why := webLink(e.URL)
	if why != "" {
		m.note.text = why
		return nil
	}
	o, ok := openerFor(m.s.openers, e)
	if !ok {
		return m.open(e.URL)
	}
	// A player has no business with user info before the host: it gets
	// the address the reader is shown, without it.
	link := model.WithoutUserInfo(u)
	program := model.CleanLine(filepath.Base(o.Command[0]))
	m.note.text = "opening " + e.FileName() + " with " + program
	return m.s.runOpener(o, link, e.FileName(), program)
}

// runOpener runs an opener on link in a job: in the terminal, which the
// reader hands over until it ends, or beside the reader.
func (s *session) runOpener(o Opener, link, name, program string) tea.Cmd {
	argv := append(slices.Clone(o.Command), link)
	j, run := s.jobs.start(s.ctx, job{kind: jobOpenFile, keys: []string{link}, what: link}, func(context.Context) tea.Msg {
		// Not bound to the job's context: a player started from the
		// reader may go on playing after it quits.
		c := exec.Command(argv[0], argv[1:]...)
		var stderr tailBuffer
		c.Stderr = &stderr
		err := c.Run()
		return fileOpenedMsg{name: name, program: program, err: err, stderr: stderr.lastLine()}
	})
	if !o.Terminal {
		return run
	}
	id := j.id
	// exec.Command looks the program up in PATH: in the command, not in
	// Update.
	return func() tea.Msg {
		c := exec.Command(argv[0], argv[1:]...)
		return tea.ExecProcess(c, func(err error) tea.Msg {
			return jobMsg{id: id, msg: fileOpenedMsg{name: name, program: program, err: err}}
		})()
	}
}

// fileOpened says in the status bar when an opener failed.
func (m *Model) fileOpened(msg fileOpenedMsg) {
	if msg.err == nil {
		return
	}
	text := fmt.Sprintf("%s could not open %s: %s", msg.program, msg.name, model.CleanLine(msg.err.Error()))
	if msg.stderr != "" {
		text += ": " + msg.stderr
	}
	m.note = note{text: text, err: true}
}

// tailBuffer keeps the end of what a program writes, for its last line.
type tailBuffer struct{ b []byte }

const maxTail = 4096

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > maxTail {
		t.b = slices.Clone(t.b[len(t.b)-maxTail:])
	}
	return len(p), nil
}

// lastLine is the last line that is not blank, cleaned for the screen.
func (t *tailBuffer) lastLine() string {
	lines := bytes.Split(bytes.TrimSpace(t.b), []byte("\n"))
	return model.CleanLine(strings.TrimSpace(string(lines[len(lines)-1])))
}

// openersByKind keys the openers in lower case, as media types compare,
// leaving out those without a command.
func openersByKind(in map[string]Opener) map[string]Opener {
	out := make(map[string]Opener, len(in))
	for k, o := range in {
		if len(o.Command) > 0 && o.Command[0] != "" {
			out[strings.ToLower(strings.TrimSpace(k))] = o
		}
	}
	return out
}
