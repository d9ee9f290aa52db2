#!/usr/bin/env bash
# Time `bulletin list` over synthetic corpora of 10,000 and 100,000 files.
#
# Builds the binary and the corpus generator, generates the corpora under
# $BENCH_DIR (default /tmp/bulletin-bench; reused when complete and made by
# the same generator), warms the page cache with one untimed run, then times
# `list --json` and plain `list` $REPS times each with /usr/bin/time and
# prints a Markdown table of the median wall time and the largest peak RSS.
#
#   scripts/bench-list.sh              # SIZES="10000 100000" REPS=5 SEED=1
#   SIZES=2000 REPS=3 scripts/bench-list.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-/tmp/bulletin-bench}
sizes=${SIZES:-10000 100000}
reps=${REPS:-5}
seed=${SEED:-1}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-list.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get install -y time >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y time >&2; }
fi

cd "$root"
if ! go build -o "$tmp/bulletin" .; then
	echo "bench-list: go build . failed" >&2
	exit 1
fi
if ! "$tmp/bulletin" list --help >/dev/null 2>&1; then
	echo "bench-list: this bulletin has no list command yet" >&2
	exit 1
fi
go build -o "$tmp/gencorpus" ./internal/synth/cmd/gencorpus
gen=$(cat internal/synth/*.go internal/synth/cmd/gencorpus/*.go | sha256sum | cut -c1-16)

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }

rows=()
for n in $sizes; do
	dir="$bench/n$n-seed$seed"
	# The marker lives beside the corpus, not in it, so it is not listed; it
	# holds the generator's hash, so a changed generator regenerates.
	if [ "$(cat "$dir.done" 2>/dev/null)" != "$gen" ]; then
		rm -rf "$dir" "$dir.done"
		mkdir -p "$dir"
		"$tmp/gencorpus" -n "$n" -seed "$seed" "$dir" >&2
		echo "$gen" >"$dir.done"
	fi
	mb=$(du -sb "$dir" | awk '{ printf "%d", $1 / 1e6 }')

	# Warm the page cache, and check that every file is listed.
	got=$("$tmp/bulletin" list --json "$dir" | wc -l)
	if [ "$got" -ne "$n" ]; then
		echo "bench-list: list --json printed $got lines for $n files" >&2
	fi

	for mode in "list --json" "list"; do
		: >"$tmp/times"
		for _ in $(seq "$reps"); do
			# shellcheck disable=SC2086 # $mode is the subcommand and its flag
			if ! /usr/bin/time -q -f '%e %M' -o "$tmp/t" "$tmp/bulletin" $mode "$dir" >/dev/null 2>"$tmp/err"; then
				echo "bench-list: bulletin $mode $dir failed:" >&2
				cat "$tmp/err" >&2
				exit 1
			fi
			tail -n 1 "$tmp/t" >>"$tmp/times"
		done
		wall=$(cut -d' ' -f1 "$tmp/times" | median)
		rss=$(cut -d' ' -f2 "$tmp/times" | maximum)
		rows+=("$(printf '| %d | %d | `bulletin %s` | %.2f | %.1f |' "$n" "$mb" "$mode" "$wall" "$(awk -v k="$rss" 'BEGIN { print k * 1024 / 1e6 }')")")
	done
done

echo
echo "bulletin list over synthetic corpora (seed $seed, warm page cache, $reps runs, $(nproc) CPUs)"
echo
echo "| files | corpus MB | command | median wall s | peak RSS MB |"
echo "|---:|---:|---|---:|---:|"
printf '%s\n' "${rows[@]}"
