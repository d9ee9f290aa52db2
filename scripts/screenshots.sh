#!/usr/bin/env bash
# Screenshots of the built-in tour for the README.
#
# Builds bulletin and internal/ansifix, runs `bulletin --theme dark` in a
# private tmux server (100x30, true colour, an empty temporary HOME), and for
# each screen below waits until its text is on the screen, captures the pane
# with `tmux capture-pane -p -e` into screenshots/NAME.ansi (kept so that
# review can diff the text), and renders it with ansifix and
# charmbracelet/freeze v0.2.2 into screenshots/NAME.png. The PNGs and the text
# of the captures are the same from run to run; where tmux puts the colour
# codes in a .ansi can move a little with the order Bubble Tea drew the
# screen in, without changing what it shows.
#
#   list      the headline list at start
#   article   Enter on the first headline, then G: the numbered related stories
#   followed  1: the first related story, with the breadcrumb in the status bar
#   help      ?: the help screen
#   feeds     the demo feeds of scripts/demo-feeds, imported and refreshed
#   feedpane  F: the feed pane, feeds grouped by tag
#   feedarticle  a feed item, with the items its links lead to
#   sitestory the corpus sample (../shared/corpus-sample), its folder told
#             where its stories live (bulletin add --article-url), and 1:
#             a related story fetched from the demo site of
#             scripts/demo-site, served on loopback
#   pictures  an item of scripts/demo-pictures with two pictures in its text,
#             drawn as half-blocks (--images halfblocks)
#   pictures-off  the same with --images off: a line of alt text each
#
# Installs freeze with `go install` when it is neither on PATH nor in
# $(go env GOPATH)/bin. freeze is run without rsvg-convert on its PATH, so it
# always uses its built-in rasterizer and embedded JetBrains Mono: the same
# screen gives the same PNG bytes on any machine.
#
#   scripts/screenshots.sh                # writes screenshots/
#   SHOTS_DIR=/tmp/shots scripts/screenshots.sh
#   SHOT_TIMEOUT=30 scripts/screenshots.sh   # seconds to wait for each screen
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${SHOTS_DIR:-$root/screenshots}
timeout=${SHOT_TIMEOUT:-15}
cols=100
rows=30
freeze_version=v0.2.2
# The look of the pictures: a rounded, bordered window without title-bar
# controls, on the default colours ansifix assumes for reverse video. With no
# --width/--height freeze draws PNGs at 4x, so font size 7 gives a 2x picture
# of a 14px terminal (1763x1132 for 100x30), a quarter of the bytes of size
# 14. (freeze v0.2.2's --window shifts the text down without making the
# picture taller, which cuts off the last line at this size.) The padding is
# uneven because freeze adds room for one more column at the right and a
# little more height at the bottom.
term_fg='#c4c4c4'
term_bg='#171717'
freeze_style=(
	--config base
	--background "$term_bg"
	--border.radius 8 --border.width 1 --border.color '#515151'
	--margin 0 --padding "14,8,4,12"
	--font.size 7 --line-height 1.2
)

die() {
	echo "screenshots: $*" >&2
	exit 1
}

command -v tmux >/dev/null || die "tmux is not installed (apt-get install tmux)"
command -v go >/dev/null || die "go is not on PATH"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/screenshots.XXXXXX")
sock=$tmp/tmux.sock
cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

cd "$root"
go build -o "$tmp/bulletin" . || die "go build . failed"
go build -o "$tmp/ansifix" ./internal/ansifix/cmd/ansifix || die "go build ./internal/ansifix/cmd/ansifix failed"

# freeze: on PATH, in GOBIN or GOPATH/bin, or installed there now.
freeze_ok() {
	[ -x "$1" ] || return 1
	local v
	v=$("$1" --version 2>/dev/null || true)
	[[ "$v " == *" $freeze_version "* ]]
}
gobin=$(go env GOBIN)
[ -n "$gobin" ] || gobin=$(go env GOPATH | cut -d: -f1)/bin
freeze=""
for f in "$(command -v freeze || true)" "$gobin/freeze"; do
	if [ -n "$f" ] && freeze_ok "$f"; then
		freeze=$f
		break
	fi
done
if [ -z "$freeze" ]; then
	if [ -n "$(command -v freeze || true)" ] || [ -x "$gobin/freeze" ]; then
		echo "screenshots: the freeze found is not $freeze_version; installing $freeze_version" >&2
	else
		echo "screenshots: installing freeze $freeze_version" >&2
	fi
	GOBIN=$gobin go install "github.com/charmbracelet/freeze@$freeze_version" || die "go install freeze failed"
	freeze=$gobin/freeze
	freeze_ok "$freeze" || die "$freeze is not freeze $freeze_version"
fi

theme=(--theme dark)
# (Not `--help | grep -q`: grep's early exit can kill bulletin with SIGPIPE,
# and pipefail then reads that as "no match".)
help=$("$tmp/bulletin" --help 2>&1 || true)
if [[ $help != *--theme* ]]; then
	echo "screenshots: this bulletin has no --theme flag; running it without one" >&2
	theme=()
fi

mkdir -p "$tmp/home/config" "$tmp/home/data" "$out"

t() { tmux -S "$sock" "$@"; }

# A 100x30 pane with no tmux status line, kept after bulletin exits so that a
# crash stays readable; bulletin starts only once the size is set.
t -f /dev/null new-session -d -s shots -x "$cols" -y "$rows" 'sleep 600'
t set-option -g status off
t set-option -g window-size manual
t set-option -g remain-on-exit on
printf -v app '%q ' env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor \
	HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config" XDG_DATA_HOME="$tmp/home/data" \
	"$tmp/bulletin" "${theme[@]}"
printf -v exitfile '%q' "$tmp/exit"
t respawn-pane -k -t shots "$app; echo \$? > $exitfile"

size=$(t display-message -p -t shots '#{pane_width}x#{pane_height}')
[ "$size" = "${cols}x${rows}" ] || die "the tmux pane is $size, not ${cols}x${rows}"

screen() { t capture-pane -p -t shots; }

# wait_for WHAT TEXT...: poll the screen until it shows every TEXT and then
# stays the same for two polls in a row (so a frame being drawn is not
# captured half-way); fail with the screen when bulletin exits or after
# $timeout seconds.
wait_for() {
	local what=$1
	shift
	local deadline=$((SECONDS + timeout)) s prev="" missing text
	while :; do
		s=$(screen)
		missing=""
		for text in "$@"; do
			if [[ $s != *"$text"* ]]; then
				missing=$text
				break
			fi
		done
		if [ -z "$missing" ]; then
			[ "$s" = "$prev" ] && return 0
			prev=$s
		else
			prev=""
		fi
		if [ -e "$tmp/exit" ]; then
			printf '%s\n' "$s" >&2
			die "bulletin exited (status $(cat "$tmp/exit")) while waiting for the $what screen"
		fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			printf -- '--- screen ---\n%s\n--------------\n' "$s" >&2
			die "timed out after ${timeout}s waiting for the $what screen to show \"$missing\""
		fi
		sleep 0.1
	done
}

# shoot NAME [ANSIFIX-FLAG...]
shoot() {
	local name=$1
	shift
	t capture-pane -p -e -t shots >"$out/$name.ansi"
	"$tmp/ansifix" -width "$cols" -height "$rows" -fg "$term_fg" -bg "$term_bg" "$@" \
		<"$out/$name.ansi" >"$tmp/$name.fixed"
	# freeze reads stdin whenever it is not a terminal, so give it the file
	# there; no rsvg-convert on its PATH (see the top of this file).
	PATH=/nonexistent "$freeze" "${freeze_style[@]}" --language ansi \
		-o "$out/$name.png" <"$tmp/$name.fixed" >/dev/null ||
		die "freeze failed on $name"
	chmod 644 "$out/$name.png" # freeze writes 0600
	echo "$out/$name.png"
}

start=$SECONDS

wait_for list "Welcome to bulletin" "Moving around the list"
shoot list

t send-keys -t shots Enter
wait_for article "open related"
t send-keys -t shots G
wait_for article "Related stories" " 1. Moving around the list"
shoot article

t send-keys -t shots 1
wait_for followed "› Moving around the list"
shoot followed

t send-keys -t shots '?'
wait_for help "Headlines" "close"
shoot help

# Feeds: the demo feeds of scripts/demo-feeds (local files, no network),
# imported and refreshed in the same empty HOME, then the reader again.
t send-keys -t shots C-c
for _ in $(seq 50); do [ -e "$tmp/exit" ] && break; sleep 0.1; done
[ -e "$tmp/exit" ] || die "bulletin did not quit after the tour"
rm -f "$tmp/exit"
env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config" XDG_DATA_HOME="$tmp/home/data" \
	"$tmp/bulletin" import "$root/scripts/demo-feeds/demo.opml" >/dev/null || die "import of the demo feeds failed"
env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config" XDG_DATA_HOME="$tmp/home/data" \
	"$tmp/bulletin" refresh 2>/dev/null || die "refresh of the demo feeds failed"
t respawn-pane -k -t shots "$app; echo \$? > $exitfile"

wait_for feeds "Storm closes the harbour" "Ferries to resume"
shoot feeds

t send-keys -t shots F
wait_for feed-pane "Harbour Gazette" "Science Desk" "untagged"
shoot feedpane

t send-keys -t shots Escape
wait_for feeds "Storm closes the harbour"
t send-keys -t shots j j Enter
wait_for feed-article "110 km/h"
t send-keys -t shots G
wait_for feed-article "Why autumn storms are getting stronger"
shoot feedarticle

# A related story fetched from its site: the corpus sample, whose folder
# names the demo site (scripts/demo-site, on loopback) as where its stories
# live.
sample=$root/../shared/corpus-sample
[ -d "$sample" ] || die "no corpus sample at $sample"
t send-keys -t shots C-c
for _ in $(seq 50); do [ -e "$tmp/exit" ] && break; sleep 0.1; done
[ -e "$tmp/exit" ] || die "bulletin did not quit after the feeds"
rm -f "$tmp/exit"
go build -o "$tmp/demo-site" ./scripts/demo-site || die "go build ./scripts/demo-site failed"
# A fixed port keeps the address in the picture the same from run to run.
"$tmp/demo-site" -addr 127.0.0.1:47311 -dir "$root/scripts/demo-site/news" >"$tmp/site.addr" &
site_pid=$!
trap 'kill $site_pid 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 50); do [ -s "$tmp/site.addr" ] && break; sleep 0.1; done
site=$(head -n1 "$tmp/site.addr")
[ -n "$site" ] || die "the demo site did not start"
mkdir -p "$tmp/sample"
cp "$sample"/*.txt "$tmp/sample/"
env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/config" XDG_DATA_HOME="$tmp/home/data" \
	"$tmp/bulletin" add "$tmp/sample" --article-url "$site/news/{id}.html" >/dev/null || die "add of the sample folder failed"
printf -v sampleapp '%q ' "$tmp/sample"
t respawn-pane -k -t shots "$app $sampleapp; echo \$? > $exitfile"
wait_for sample "If US Separates Terrorists"
t send-keys -t shots Enter
wait_for sample-article "open related"
t send-keys -t shots G
wait_for sample-article "not fetched yet"
t send-keys -t shots 1
wait_for sitestory "This page belongs to the demo site" "›"
shoot sitestory

# Pictures: the feed of scripts/demo-pictures, served on loopback by the
# demo site, in a home of its own so that its one item is the first
# headline; drawn as half-blocks (what tmux shows), then as alt lines.
t send-keys -t shots C-c
for _ in $(seq 50); do [ -e "$tmp/exit" ] && break; sleep 0.1; done
[ -e "$tmp/exit" ] || die "bulletin did not quit after the site story"
rm -f "$tmp/exit"
"$tmp/demo-site" -addr 127.0.0.1:47312 -dir "$root/scripts/demo-pictures" >"$tmp/pics.addr" &
pics_pid=$!
trap 'kill $site_pid $pics_pid 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 50); do [ -s "$tmp/pics.addr" ] && break; sleep 0.1; done
pics=$(head -n1 "$tmp/pics.addr")
[ -n "$pics" ] || die "the demo site for pictures did not start"
ph=$tmp/pichome
mkdir -p "$ph/config" "$ph/data" "$ph/cache"
env HOME="$ph" XDG_CONFIG_HOME="$ph/config" XDG_DATA_HOME="$ph/data" \
	"$tmp/bulletin" add "$pics/news/pictures.xml" >/dev/null || die "add of the pictures feed failed"
printf -v picapp '%q ' env -u NO_COLOR TERM=xterm-256color COLORTERM=truecolor \
	HOME="$ph" XDG_CONFIG_HOME="$ph/config" XDG_DATA_HOME="$ph/data" XDG_CACHE_HOME="$ph/cache" \
	"$tmp/bulletin" "${theme[@]}"
for mode in halfblocks off; do
	t respawn-pane -k -t shots "$picapp --images $mode; echo \$? > $exitfile"
	wait_for "pictures ($mode)" "Last sail of the season"
	t send-keys -t shots Enter
	if [ "$mode" = halfblocks ]; then
		wait_for pictures "The sloop Marguerite under sail at sunset" "▀▀▀▀"
		# Half-block lines end in colour that tmux's capture would carry
		# into the padding (see internal/ansifix).
		shoot pictures -pad-default
	else
		wait_for pictures-off "[picture: The sloop Marguerite under sail at sunset]" "[picture: The hills above"
		shoot pictures-off
	fi
	t send-keys -t shots C-c
	for _ in $(seq 50); do [ -e "$tmp/exit" ] && break; sleep 0.1; done
	rm -f "$tmp/exit"
done

echo "screenshots: 10 screens in $((SECONDS - start))s" >&2
