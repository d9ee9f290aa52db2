//go:build unix

package picture

import "golang.org/x/sys/unix"

// WindowCell is the cell size of the terminal on fd from its window size
// in pixels (TIOCGWINSZ), zero when it gives none. xterm, foot, kitty and
// WezTerm fill the pixels in; xterm does so even where its default
// settings leave the CSI 16 t of Query unanswered.
func WindowCell(fd uintptr) CellSize {
	ws, err := unix.IoctlGetWinsize(int(fd), unix.TIOCGWINSZ)
	if err != nil {
		return CellSize{}
	}
	return cellOfWindow(int(ws.Xpixel), int(ws.Ypixel), int(ws.Col), int(ws.Row))
}
