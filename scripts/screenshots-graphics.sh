#!/usr/bin/env bash
# A screenshot of pictures drawn by a real graphics terminal, for the
# README: the item of scripts/demo-pictures, opened in xterm emulating a
# VT340 (Sixel, 256 colour registers) on a virtual X display, saved as
# screenshots/pictures-sixel.png.
#
# scripts/screenshots.sh captures tmux, which keeps only cells: it shows
# half-blocks and alt lines but never a Sixel. This one takes the X
# window's pixels, so it needs Xvfb, xterm, xdotool and ImageMagick's
# import (Debian: apt-get install xvfb xterm xdotool imagemagick); without
# them it says what is missing and exits 0 without a picture.
#
# It serves scripts/demo-pictures on loopback with scripts/demo-site, and
# runs bulletin with an empty temporary HOME and XDG folders, with --images sixel (xterm's default settings answer
# the detection query too; auto picks Sixel there as well).
#
#   scripts/screenshots-graphics.sh
#   SHOTS_DIR=/tmp/shots SHOT_TIMEOUT=30 scripts/screenshots-graphics.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${SHOTS_DIR:-$root/screenshots}
timeout=${SHOT_TIMEOUT:-20}

die() {
	echo "screenshots-graphics: $*" >&2
	exit 1
}

missing=()
for c in Xvfb xterm xdotool import; do
	command -v "$c" >/dev/null || missing+=("$c")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "screenshots-graphics: skipped, not installed: ${missing[*]} (apt-get install xvfb xterm xdotool imagemagick)" >&2
	exit 0
fi
command -v go >/dev/null || die "go is not on PATH"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/screenshots-graphics.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

cd "$root"
go build -o "$tmp/bulletin" . || die "go build . failed"
go build -o "$tmp/demo-site" ./scripts/demo-site || die "go build ./scripts/demo-site failed"

# The demo feed names its pictures at 127.0.0.1:47312, which
# scripts/screenshots.sh may be serving: a copy served on a free port
# names that port instead.
cp -r "$root/scripts/demo-pictures" "$tmp/pictures"
"$tmp/demo-site" -addr 127.0.0.1:0 -dir "$tmp/pictures" >"$tmp/site.addr" &
pids+=($!)
for _ in $(seq 50); do [ -s "$tmp/site.addr" ] && break; sleep 0.1; done
site=$(head -n1 "$tmp/site.addr")
[ -n "$site" ] || die "the demo site did not start"
sed -i "s|http://127.0.0.1:47312|$site|g" "$tmp/pictures/pictures.xml"

home=$tmp/home
mkdir -p "$home/config" "$home/data" "$home/cache" "$out"
export HOME=$home XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_CACHE_HOME=$home/cache
"$tmp/bulletin" add "$site/news/pictures.xml" >/dev/null || die "add of the pictures feed failed"

# A display of its own: Xvfb picks a free number and writes it on fd 3.
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || die "Xvfb did not start: $(cat "$tmp/xvfb.log")"
export DISPLAY=:$(head -n1 "$tmp/display")

# The colours of the other screenshots; a VT340 has Sixel, 256 colour
# registers let the pictures keep their colours.
cat >"$tmp/run" <<EOF
#!/bin/sh
env -u NO_COLOR TERM=xterm-256color "$tmp/bulletin" --theme dark --images sixel
echo \$? >"$tmp/exit"
sleep 600
EOF
chmod +x "$tmp/run"
xterm -ti vt340 -xrm 'XTerm*decTerminalID: vt340' -xrm 'XTerm*numColorRegisters: 256' \
	-bg '#171717' -fg '#c4c4c4' -fa Monospace -fs 11 -geometry 100x44+0+0 \
	-T bulletin-shot -e "$tmp/run" 2>"$tmp/xterm.log" &
pids+=($!)
win=""
for _ in $(seq 100); do
	win=$(xdotool search --name bulletin-shot 2>/dev/null | head -n1 || true)
	[ -n "$win" ] && break
	sleep 0.1
done
[ -n "$win" ] || die "xterm did not open: $(cat "$tmp/xterm.log")"

grab() {
	local X Y WIDTH HEIGHT SCREEN WINDOW
	eval "$(xdotool getwindowgeometry --shell "$win")"
	import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" "$1"
}

# settle NAME: wait until three grabs half a second apart are the same
# picture (the Sixels are drawn a moment after the text), failing after
# $timeout seconds.
settle() {
	local deadline=$((SECONDS + timeout)) prev="" now same=0
	while [ "$SECONDS" -lt "$deadline" ]; do
		[ -e "$tmp/exit" ] && die "bulletin exited (status $(cat "$tmp/exit")) waiting for $1"
		sleep 0.5
		grab "$tmp/now.png"
		now=$(md5sum <"$tmp/now.png")
		if [ "$now" = "$prev" ]; then
			same=$((same + 1))
			[ "$same" -ge 2 ] && return 0
		else
			same=0
		fi
		prev=$now
	done
	die "the screen did not settle within ${timeout}s waiting for $1"
}

key() {
	xdotool windowfocus --sync "$win" 2>/dev/null || true
	xdotool key "$@"
}

start=$SECONDS
settle "the headline list"
key Return
settle "the article"
cp "$tmp/now.png" "$out/pictures-sixel.png"
chmod 644 "$out/pictures-sixel.png"
echo "$out/pictures-sixel.png"
echo "screenshots-graphics: 1 screen in $((SECONDS - start))s" >&2
