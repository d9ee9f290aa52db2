//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package store

// waitFlag is a no-op here: waiting writers rely on the pause between the
// transactions of a long run (see tx).
type waitFlag struct{}

func newWaitFlag(string) *waitFlag { return &waitFlag{} }
func (*waitFlag) raise()           {}
func (*waitFlag) lower()           {}
func (*waitFlag) raised() bool     { return false }
func (*waitFlag) close()           {}
