// Package picture turns the bytes of a picture into something a terminal
// shows: it decodes them safely, scales them to a box of cells, and encodes
// them for the Kitty, Sixel or iTerm2 graphics protocols, as coloured
// half-blocks, or as a line of alt text. It also asks the terminal which of
// those it understands, and fetches and caches pictures on disk.
//
// Pictures come from feeds and web pages, so every byte is untrusted: sizes
// are checked before anything is decoded, and every error names the picture
// and says in words what is wrong.
//
// # With Bubble Tea
//
// Bubble Tea v2 draws a view as cells and repaints only the cells that
// change, moving the cursor relatively; tea.Raw output is written as it
// is, on the next tick, before that tick's frame. So:
//
//   - Detection: send Query with tea.Raw from Init and pass each message to
//     Caps.Observe until it says done (the DA1 answer), then Choose; with a
//     tea.Tick of a second or so beside it, after which Choose takes what
//     has come (a terminal that never answers gets half-blocks). Bubble
//     Tea's own start-up probe asks no DA1, so the DA1 that comes is the
//     answer to Query.
//   - Loading: Loader.LoadDecoded in a command
//     with a context the article's closing cancels; then Render with
//     BoxFor(text width, window height), also in the command: it costs
//     tens of milliseconds.
//   - Kitty: send Picture.Upload once with tea.Raw, and put Picture.Lines
//     in the view. They are placeholder cells like any text, so they
//     scroll, repaint and survive tmux; the terminal draws the picture
//     under them. KittyDelete frees the picture when the article closes.
//   - Half-blocks and Off: Lines are the picture; nothing else to send.
//   - Sixel and iTerm2: Lines are blanks; send Picture.At(row, col) with
//     tea.Raw in a later tick than the frame that first shows them (the
//     blanks would paint over it), and again after they are repainted.
//     Their sequences cannot live in the view: the renderer keeps an APC
//     or DCS in a cell and replays it whenever the cell is repainted, but
//     a Sixel moves the real cursor, which the renderer does not expect,
//     and it drops OSC (iTerm2) from cells altogether. Their pixels are
//     not cells either: the renderer leaves blank cells that stay blank
//     alone and moves lines with scroll regions (CSI r with CSI S or T),
//     which in xterm carry the pixels along; so when the pictures move
//     (a scroll, a resize, another screen), clear the screen with
//     tea.ClearScreen and draw them again after that frame.
//   - Cell size: scale Sixel and iTerm2 pictures with Caps.CellFor. xterm's
//     default settings leave the CSI 16 t of Query unanswered; the window
//     size in pixels (WindowCell) still gives the cell there.
package picture
