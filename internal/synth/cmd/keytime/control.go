package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// A tmux control-mode client (tmux -C): commands go in as lines, and each
// is answered by a block between %begin and %end (or %error); between
// blocks tmux sends notifications, among them %output as soon as a pane's
// program writes. A notification never comes inside a block.

// reply is the answer to one command.
type reply struct {
	lines []string
	err   bool
}

// parser splits control-mode output into replies and output events.
type parser struct {
	inBlock bool
	block   reply
}

// event is what one line of control-mode output was: a reply completed
// (done), an %output notification (output), or neither.
type event struct {
	done   *reply
	output bool
	pane   string
}

// line takes one line (without its newline).
func (p *parser) line(l string) event {
	if p.inBlock {
		if isGuard(l, "%end") || isGuard(l, "%error") {
			r := p.block
			r.err = isGuard(l, "%error")
			p.inBlock, p.block = false, reply{}
			return event{done: &r}
		}
		p.block.lines = append(p.block.lines, l)
		return event{}
	}
	if isGuard(l, "%begin") {
		p.inBlock = true
		return event{}
	}
	if rest, ok := strings.CutPrefix(l, "%output "); ok {
		pane, _, _ := strings.Cut(rest, " ")
		return event{output: true, pane: pane}
	}
	return event{}
}

// isGuard reports whether l is a %begin, %end or %error line: the word,
// then the time, the command number and the flags.
func isGuard(l, word string) bool {
	rest, ok := strings.CutPrefix(l, word+" ")
	return ok && len(strings.Fields(rest)) == 3
}

// client talks to one tmux server in control mode.
type client struct {
	in      io.Writer
	replies chan reply
	// outputs carries the time of every %output notification.
	outputs chan time.Time
	closed  chan struct{}
}

func newClient(in io.Writer, out io.Reader) *client {
	c := &client{in: in, replies: make(chan reply, 16), outputs: make(chan time.Time, 4096), closed: make(chan struct{})}
	go c.read(out)
	return c
}

func (c *client) read(out io.Reader) {
	defer close(c.closed)
	var p parser
	sc := bufio.NewScanner(out)
	// %output lines carry whole frames.
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		ev := p.line(sc.Text())
		switch {
		case ev.done != nil:
			c.replies <- *ev.done
		case ev.output:
			select {
			case c.outputs <- time.Now():
			default: // nobody waits on that many: the latest still counts
			}
		}
	}
}

var errGone = errors.New("tmux control client ended")

// run sends one command and returns its answer.
func (c *client) run(cmd string, limit time.Duration) (reply, error) {
	if _, err := io.WriteString(c.in, cmd+"\n"); err != nil {
		return reply{}, err
	}
	answered := func(r reply) (reply, error) {
		if r.err {
			return r, fmt.Errorf("tmux %s: %s", cmd, strings.Join(r.lines, " "))
		}
		return r, nil
	}
	select {
	case r := <-c.replies:
		return answered(r)
	case <-c.closed:
		// The reply may have come just before the end.
		select {
		case r := <-c.replies:
			return answered(r)
		default:
			return reply{}, errGone
		}
	case <-time.After(limit):
		return reply{}, fmt.Errorf("tmux %s: no answer in %v", cmd, limit)
	}
}

// lastOutput drains the %output times that arrived and returns the last
// one (zero when none did).
func (c *client) lastOutput() time.Time {
	var last time.Time
	for {
		select {
		case t := <-c.outputs:
			last = t
		default:
			return last
		}
	}
}
