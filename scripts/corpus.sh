# Sourced by the bench scripts, from the repository's root, with $tmp set.
#
# corpus DIR N SEED [PATH...] makes DIR the synthetic corpus of N files
# from SEED, unless it is that already. The marker DIR.done lives beside
# the corpus, not in it, so it is not listed; it holds the generator's
# hash, so a changed generator regenerates (and removes each PATH made
# from the old corpus, such as its library store).
corpus() {
	local dir=$1 n=$2 seed=$3
	shift 3
	if [ -z "${corpus_gen:-}" ]; then
		go build -o "$tmp/gencorpus" ./internal/synth/cmd/gencorpus
		corpus_gen=$(cat internal/synth/*.go internal/synth/cmd/gencorpus/*.go | sha256sum | cut -c1-16)
	fi
	if [ "$(cat "$dir.done" 2>/dev/null)" != "$corpus_gen" ]; then
		rm -rf "$dir" "$dir.done" "$@"
		mkdir -p "$dir"
		"$tmp/gencorpus" -n "$n" -seed "$seed" "$dir" >&2
		echo "$corpus_gen" >"$dir.done"
	fi
}
