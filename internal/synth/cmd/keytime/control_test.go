package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestParserSplitsRepliesAndOutput(t *testing.T) {
	var p parser
	var replies []reply
	outputs := 0
	for _, l := range strings.Split(strings.TrimSpace(`
%begin 1700000000 12 0
%end 1700000000 12 0
%session-changed $0 app
%output %0 \033[2Jhello
%begin 1700000001 13 1
line one
%output %0 not a notification inside a block
%end is text too when not a guard
%end 1700000001 13 1
%begin 1700000002 14 1
unknown command: nope
%error 1700000002 14 1
%window-add @1
%output %3 x`), "\n") {
		ev := p.line(l)
		if ev.done != nil {
			replies = append(replies, *ev.done)
		}
		if ev.output {
			outputs++
			if ev.pane != "%0" && ev.pane != "%3" {
				t.Errorf("output of pane %q", ev.pane)
			}
		}
	}
	if len(replies) != 3 {
		t.Fatalf("%d replies, want 3: %+v", len(replies), replies)
	}
	if len(replies[0].lines) != 0 || replies[0].err {
		t.Errorf("empty reply read as %+v", replies[0])
	}
	want := []string{"line one", "%output %0 not a notification inside a block", "%end is text too when not a guard"}
	if strings.Join(replies[1].lines, "|") != strings.Join(want, "|") || replies[1].err {
		t.Errorf("reply read as %+v", replies[1])
	}
	if !replies[2].err || replies[2].lines[0] != "unknown command: nope" {
		t.Errorf("error read as %+v", replies[2])
	}
	if outputs != 2 {
		t.Errorf("%d outputs, want 2", outputs)
	}
}

// A command gets its own reply, and output between replies is counted, not
// taken for an answer.
func TestClientRun(t *testing.T) {
	fromTmux, toClient := io.Pipe()
	toTmux, fromClient := io.Pipe()
	c := newClient(fromClient, fromTmux)
	go func() {
		buf := make([]byte, 256)
		n, _ := toTmux.Read(buf)
		if string(buf[:n]) != "capture-pane -p -t app\n" {
			t.Errorf("sent %q", buf[:n])
		}
		_, _ = io.WriteString(toClient, "%output %0 frame\n%begin 1 2 1\nthe screen\n%end 1 2 1\n")
		_, _ = toTmux.Read(buf)
		_, _ = io.WriteString(toClient, "%begin 1 3 1\nbad\n%error 1 3 1\n")
		toClient.Close()
		toTmux.Close()
	}()
	r, err := c.run("capture-pane -p -t app", time.Minute)
	if err != nil || len(r.lines) != 1 || r.lines[0] != "the screen" {
		t.Fatalf("reply %+v, %v", r, err)
	}
	if c.lastOutput().IsZero() {
		t.Error("the output before the reply was not seen")
	}
	if _, err := c.run("nope", time.Minute); err == nil || !strings.Contains(err.Error(), "bad") {
		t.Errorf("an error reply gave %v", err)
	}
	<-c.closed
	if _, err := c.run("more", time.Minute); err == nil {
		t.Error("a command after tmux ended gave no error")
	}
}
