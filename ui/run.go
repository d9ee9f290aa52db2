package ui

import (
	"charm.land/lipgloss/v2"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
)

// ErrInternal is what Run returns after a panic in the reader. The panic has
// already been reported on standard error, in one line.
var ErrInternal = errors.New("ui: internal error")

// Run runs the reader on the terminal until the user quits or ctx ends.
//
// A panic anywhere in the reader (its Update, its View or a command) is
// caught: the program quits normally, so Bubble Tea restores the terminal,
// and Run prints one line naming the error and a file with the details,
// then returns an error wrapping ErrInternal.
func Run(ctx context.Context, opts Options) error {
	m := New(opts)
	m.s.memoryLimit = memoryLimit()
	// On a terminal: it may be asked what pictures it draws.
	m.pics.ask = true
	m.listFirstPage(ctx)
	// lipgloss found the terminal's colours when it was loaded; Bubble
	// Tea would find them again, which in tmux runs `tmux info` (40 to
	// 80 ms before the first frame).
	return run(ctx, m, os.Stderr, tea.WithColorProfile(lipgloss.Writer.Profile))
}

// readerHeadroom is how much the reader's garbage collector lets the heap
// grow past what the reader holds once the library is listed, rather than
// let it double, as it would by default (GOGC=100): the reader holds every
// headline of the library for as long as it runs, and the default would
// take as much again in memory that serves nothing. A limit of so much over
// what is held, not a fixed one, so that a library too large for a fixed
// limit does not keep the collector running without end (a limit at what
// is held leaves it no room and makes every key wait on it).
const readerHeadroom = 40 << 20

// memoryLimit is the headroom of the soft memory limit the reader sets once
// the library is listed, 0 for none: the user's (GOMEMLIMIT) stands when
// there is one.
func memoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	return readerHeadroom
}

// limitMemory sets the soft memory limit to headroom over what the reader
// holds. The reader sets it once the scan has ended, not from the start:
// during the scan the heap grows fast, and a limit then makes the
// collector run many times over (it cost 40% more CPU time on 100,000
// articles), while afterwards it costs little and the runtime gives back
// what the scan left over.
func limitMemory(headroom int64) tea.Cmd {
	if headroom <= 0 {
		return nil
	}
	return func() tea.Msg {
		// What the last collection found live is what the library held
		// part way through the scan; one collection now finds all of it.
		runtime.GC()
		debug.SetMemoryLimit(heldMemory() + headroom)
		return nil
	}
}

// heldMemory is what the runtime holds that the collector cannot give
// back: the heap live at the last collection, and the runtime's memory
// outside the heap (stacks, its own structures), which the limit counts
// too.
func heldMemory() int64 {
	samples := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(samples)
	v := func(i int) int64 {
		if samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(samples[i].Value.Uint64())
	}
	outsideHeap := v(1) - v(2) - v(3) - v(4) - v(5)
	return v(0) + max(outsideHeap, 0)
}

// run is Run for a given model and error stream, with extra program options
// (tests pass their own input and output).
func run(ctx context.Context, m Model, stderr io.Writer, popts ...tea.ProgramOption) error {
	// SIGHUP (the terminal was closed) ends the program like a cancelled
	// context, so the way out below runs; Bubble Tea turns SIGTERM into a
	// quit by itself.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	m.s.ctx = ctx
	g := newGuard(m)
	p := tea.NewProgram(g, append([]tea.ProgramOption{tea.WithContext(ctx)}, popts...)...)
	g.state.quit = func() { go p.Quit() }
	final, err := p.Run()
	cancel()
	if ferr := leave(final, m); ferr != nil {
		fmt.Fprintln(stderr, "bulletin: "+ferr.Error())
	}
	if c := g.state.get(); c != nil {
		fmt.Fprintln(stderr, c.report())
		return fmt.Errorf("%w: %v", ErrInternal, c.value)
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tea.ErrProgramPanic):
		// Bubble Tea caught a panic outside our model and restored the
		// terminal.
		fmt.Fprintln(stderr, "bulletin: internal error in the terminal UI (this is a bug: please report it)")
		return fmt.Errorf("%w: %w", ErrInternal, err)
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return ctx.Err()
	}
	return fmt.Errorf("ui: %w", err)
}

// flushTime is how long the reader waits on its way out for the store to
// take the last changes.
const flushTime = 5 * time.Second

// leave is the way out, whichever it was (q, ctrl+c, SIGTERM, SIGHUP, a
// caught panic): it records where the reader was and stores every change
// made, then stops the background work. final is the model as the program
// left it (the last good one after a panic); m stands in when there is none.
func leave(final tea.Model, m Model) error {
	if g, ok := final.(guard); ok {
		if fm, ok := g.m.(Model); ok {
			m = fm
		}
	}
	m.finish()
	ctx, cancel := context.WithTimeout(context.Background(), flushTime)
	defer cancel()
	err := m.s.flush(ctx)
	pending := 0
	if m.s.writer != nil {
		pending = m.s.writer.Status().Pending
	}
	m.s.close()
	if err != nil {
		return fmt.Errorf("%s not stored: %w", plural(pending, "change"), err)
	}
	return nil
}

// crash is a caught panic.
type crash struct {
	value any
	stack []byte
}

// report is the one line shown to the user; the stack goes to a file.
func (c *crash) report() string {
	value := strings.Join(strings.Fields(fmt.Sprint(c.value)), " ")
	line := "bulletin: internal error: " + value + " (this is a bug: please report it"
	if f, err := os.CreateTemp("", "bulletin-crash-*.txt"); err == nil {
		fmt.Fprintf(f, "bulletin: internal error: %v\n\n%s", c.value, c.stack)
		if f.Close() == nil {
			line += " with the details in " + f.Name()
		}
	}
	return line + ")"
}

// guardState is shared by the copies of a guard: the first crash, and how
// to quit the program from View.
type guardState struct {
	mu    sync.Mutex
	crash *crash
	quit  func()
}

func (s *guardState) set(c *crash) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.crash == nil {
		s.crash = c
	}
}

func (s *guardState) get() *crash {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.crash
}

// panicMsg carries a panic caught in a command to Update.
type panicMsg struct{ c *crash }

// guard wraps a model so that a panic in Init, Update, View or any command
// quits the program cleanly instead of crashing with the terminal in raw
// mode.
type guard struct {
	m     tea.Model
	state *guardState
}

func newGuard(m tea.Model) guard { return guard{m: m, state: &guardState{}} }

func (g guard) Init() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			g.state.set(&crash{value: r, stack: debug.Stack()})
			cmd = tea.Quit
		}
	}()
	return g.wrap(g.m.Init())
}

func (g guard) Update(msg tea.Msg) (res tea.Model, cmd tea.Cmd) {
	if p, ok := msg.(panicMsg); ok {
		g.state.set(p.c)
		return g, tea.Quit
	}
	if g.state.get() != nil {
		return g, nil // quitting
	}
	defer func() {
		if r := recover(); r != nil {
			// Keep the model as it was before the message.
			g.state.set(&crash{value: r, stack: debug.Stack()})
			res, cmd = g, tea.Quit
		}
	}()
	m, next := g.m.Update(msg)
	return guard{m: m, state: g.state}, g.wrap(next)
}

func (g guard) View() (v tea.View) {
	if g.state.get() != nil {
		v.AltScreen = true
		return v
	}
	defer func() {
		if r := recover(); r != nil {
			g.state.set(&crash{value: r, stack: debug.Stack()})
			if g.state.quit != nil {
				g.state.quit()
			}
			v = tea.View{AltScreen: true}
		}
	}()
	return g.m.View()
}

// wrap makes a command report a panic as a panicMsg, and wraps the commands
// of a batch it returns.
func (g guard) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = panicMsg{&crash{value: r, stack: debug.Stack()}}
			}
		}()
		msg = cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			wrapped := make(tea.BatchMsg, len(batch))
			for i, c := range batch {
				wrapped[i] = g.wrap(c)
			}
			return wrapped
		}
		return msg
	}
}
