package ui

import (
	"bytes"
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
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"bulletin/internal/firstscreen"
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
	m = sizedToTerminal(m)
	// lipgloss found the terminal's colours when it was loaded; Bubble
	// Tea would find them again, which in tmux runs `tmux info` (40 to
	// 80 ms before the first frame).
	profile := lipgloss.Writer.Profile
	if opts.Remember != nil {
		m.s.remember = func(width, height int) {
			opts.Remember(nextScreen(opts, profile, width, height), width, height)
		}
	}
	return run(ctx, m, os.Stderr, tea.WithColorProfile(profile))
}

// sizedToTerminal is m laid out for the terminal's size, as the size
// Bubble Tea sends will lay it out again: the first frame it draws is then
// the whole screen. Without it, that frame could come before the size and
// be empty: a blank screen between the remembered first screen
// (firstscreen) and the real one.
func sizedToTerminal(m Model) Model {
	w, h, err := term.GetSize(os.Stdout.Fd())
	if err != nil || w <= 0 || h <= 0 {
		return m
	}
	tm, cmd := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	if sized, ok := tm.(Model); ok {
		sized.sizedWork = cmd
		return sized
	}
	return m
}

// firstPageTime bounds the listing of the next start's first page on the
// way out: the store answers in milliseconds, and quitting must not hang.
const firstPageTime = 2 * time.Second

// nextScreen is the screen the next start with opts shows first, on a
// terminal of width by height with the colour profile: the model a start
// builds, with its first page, after the messages Bubble Tea sends first,
// drawn as the terminal takes it (firstscreen.Encode).
func nextScreen(opts Options, profile colorprofile.Profile, width, height int) []byte {
	ctx, cancel := context.WithTimeout(context.Background(), firstPageTime)
	defer cancel()
	next := New(opts)
	defer next.s.close()
	next.listFirstPage(ctx)
	var tm tea.Model = next
	tm, _ = tm.Update(tea.ColorProfileMsg{Profile: profile})
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: width, Height: height})
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: profile}
	_, _ = w.WriteString(tm.View().Content)
	return firstscreen.Encode(b.String(), height)
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

// frameRate is how many times a second Bubble Tea writes the screen. A
// frame waits for the next tick once View has drawn it: at the default 60
// a key waited 8 ms on average (17 at most) after its work was done; 120,
// Bubble Tea's highest, halves that, and a tick with nothing new costs a
// string comparison.
const frameRate = 120

// frameWait is how long work ahead waits to start: two frames, by when
// the frame of the key that asked for it has been written. On two cores,
// work started at once (a prefetch's load and render, its garbage and the
// collector's work on it) delayed that frame.
const frameWait = 2 * time.Second / frameRate

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
	hup, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	ctx, cancel := context.WithCancel(hup)
	defer cancel()
	m.s.ctx = ctx
	m.s.frameWait = frameWait
	g := newGuard(m)
	p := tea.NewProgram(g, append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithFPS(frameRate)}, popts...)...)
	g.state.quit = func() { go p.Quit() }
	final, err := p.Run()
	cancel()
	m = lastModel(final, m)
	if ferr := leave(m); ferr != nil {
		fmt.Fprintln(stderr, "bulletin: "+ferr.Error())
	}
	if c := g.state.get(); c != nil {
		fmt.Fprintln(stderr, c.report())
		return fmt.Errorf("%w: %v", ErrInternal, c.value)
	}
	// Not after a crash, where drawing the next screen might crash again,
	// nor once the terminal is gone (SIGHUP) or the caller gave up: the
	// reader then ends as soon as its changes are stored.
	if m.s.remember != nil && hup.Err() == nil && m.width > 0 && m.height > 0 {
		m.s.remember(m.width, m.height)
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

// lastModel is the model as the program left it (the last good one after
// a panic); m stands in when there is none.
func lastModel(final tea.Model, m Model) Model {
	if g, ok := final.(guard); ok {
		if fm, ok := g.m.(Model); ok {
			return fm
		}
	}
	return m
}

// leave is the way out, whichever it was (q, ctrl+c, SIGTERM, SIGHUP, a
// caught panic): it records where the reader was and stores every change
// made, then stops the background work.
func leave(m Model) error {
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
