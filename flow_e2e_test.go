package main

import (
	"regexp"
	"strings"
	"testing"
)

// readCount is the "N read" of the list's status bar.
// unreadCount is the status bar's count, "10 unread of 11 articles".
func unreadCount(screen string) string {
	return regexp.MustCompile(`[\d,]+ unread of [\d,]+ articles?`).FindString(screen)
}

// C marks every article shown read and u undoes it; both are stored, so a
// restart shows the counts of the undo, and a C left alone lasts too.
func TestE2EMarkAllReadAndUndoLast(t *testing.T) {
	t.Parallel()
	env := newHome(t).screenEnv()

	s := startTmux(t, 100, 30, env, "tour")
	s.waitForText("Welcome to bulletin")
	s.keys("Enter")
	s.waitForText("✓ read")
	s.keys("q")
	one := unreadCount(s.waitForText(" unread of "))
	if one == "" || strings.HasPrefix(one, "0 ") {
		t.Fatalf("after reading one article the status bar says %q", one)
	}
	s.keys("C")
	marked := s.waitForText("u to undo")
	if !strings.Contains(marked, "marked ") || !strings.HasPrefix(unreadCount(marked), "0 unread") {
		t.Fatalf("after C the status bar says:\n%s", marked)
	}
	s.keys("u")
	s.waitForText("unread again")
	s.waitForText(one)
	s.keys("q")
	if code := s.exitStatus(); code != "0" {
		t.Fatalf("exit status %s", code)
	}

	again := startTmux(t, 100, 30, env, "tour")
	again.waitForText("Welcome to bulletin")
	again.waitForText(one)
	again.keys("C")
	again.waitForText("u to undo")
	again.keys("q")
	if code := again.exitStatus(); code != "0" {
		t.Fatalf("exit status %s", code)
	}

	last := startTmux(t, 100, 30, env, "tour")
	last.waitForText("Welcome to bulletin")
	last.waitForText("0 unread of ")
}
