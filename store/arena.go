package store

// A first listing holds something for every file of a folder until the
// index is written: its plan's jobs and the articles it read. Both are kept
// here in pointer-free pieces, which the collector never scans however many
// there are, and which growing never copies.

// chunkLen is how many values a chunk of a chunked list holds.
const chunkLen = 4096

// chunked is an append-only list kept in chunks of chunkLen: a value stays
// where it was put, and growing copies none.
type chunked[T any] struct {
	chunks [][]T
	n      int
}

// add appends v and returns its index.
func (c *chunked[T]) add(v T) int {
	if len(c.chunks) == 0 || len(c.chunks[len(c.chunks)-1]) == chunkLen {
		c.chunks = append(c.chunks, make([]T, 0, chunkLen))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, v)
	c.n++
	return c.n - 1
}

// at is the value at index i.
func (c *chunked[T]) at(i int) *T { return &c.chunks[i/chunkLen][i%chunkLen] }

func (c *chunked[T]) len() int { return c.n }

// arenaChunk is how many bytes a chunk of a byte arena holds, unless one
// text is larger.
const arenaChunk = 1 << 20

// byteArena holds texts in chunks of bytes that are never grown past their
// capacity, so a text's bytes stay where they were written.
type byteArena struct {
	chunks [][]byte
}

// reserve makes room for size bytes and returns where they go (chunk, at)
// and the empty slice to append them to.
func (a *byteArena) reserve(size int) (chunk, at uint32, b []byte) {
	last := len(a.chunks) - 1
	if last < 0 || cap(a.chunks[last])-len(a.chunks[last]) < size {
		a.chunks = append(a.chunks, make([]byte, 0, max(arenaChunk, size)))
		last++
	}
	c := a.chunks[last]
	a.chunks[last] = c[:len(c)+size]
	return uint32(last), uint32(len(c)), c[len(c):len(c)]
}

// bytes is the text of n bytes at (chunk, at).
func (a *byteArena) bytes(chunk, at, n uint32) []byte {
	return a.chunks[chunk][at : at+n]
}
