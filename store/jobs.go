package store

import "bulletin/sources"

// jobList is the files a plan reads, kept compact: a first listing plans
// every file of the folder and holds the plan until the index is written,
// and a job with its own pointers and strings (some 120 bytes a file) was
// the largest thing its heap held, scanned by every collection. Here a job
// is a pointer-free record and the names are in an arena, about 55 bytes a
// file, which the collector never scans.
type jobList struct {
	records [][]jobRecord
	names   [][]byte
	n       int
}

// jobRecord is one job: its directory (an index in the plan's dirs), the
// file's size and stamp, and where its name is in the arena: chunk
// name>>nameChunkBits, from the offset in the low bits, nameLen bytes.
type jobRecord struct {
	size, stamp int64
	dir         uint32
	name        uint32
	nameLen     uint32
	article     bool
}

const (
	jobChunk      = 4096 // records a chunk
	nameChunkBits = 20   // a chunk of names holds 1 MiB, unless a name is larger
)

func (l *jobList) len() int { return l.n }

// add keeps the job of file f of directory dir (an index in the plan's dirs).
func (l *jobList) add(dir int, f sources.FileStat) {
	at := l.reserveName(len(f.Name))
	c := l.names[len(l.names)-1]
	l.names[len(l.names)-1] = append(c, f.Name...)
	if len(l.records) == 0 || len(l.records[len(l.records)-1]) == jobChunk {
		l.records = append(l.records, make([]jobRecord, 0, jobChunk))
	}
	last := &l.records[len(l.records)-1]
	*last = append(*last, jobRecord{size: f.Size, stamp: f.Stamp, dir: uint32(dir), name: at, nameLen: uint32(len(f.Name)), article: f.Article})
	l.n++
}

// reserveName makes room for n bytes at the end of the last chunk of names,
// which is never grown past its capacity (its bytes stay where they are),
// and returns where they go.
func (l *jobList) reserveName(n int) uint32 {
	last := len(l.names) - 1
	if last < 0 || cap(l.names[last])-len(l.names[last]) < n {
		l.names = append(l.names, make([]byte, 0, max(1<<nameChunkBits, n)))
		last++
	}
	return uint32(last)<<nameChunkBits | uint32(len(l.names[last]))
}

// fileStat is the file of job i, as the walk met it.
func (l *jobList) fileStat(i int) (dir int, f sources.FileStat) {
	r := &l.records[i/jobChunk][i%jobChunk]
	chunk, at := r.name>>nameChunkBits, r.name&(1<<nameChunkBits-1)
	name := string(l.names[chunk][at : at+r.nameLen])
	return int(r.dir), sources.FileStat{Name: name, Article: r.article, Size: r.size, Stamp: r.stamp}
}

// job is job i, with its path, made when it is read or written.
func (p *plan) job(i int) job {
	dir, f := p.jobs.fileStat(i)
	d := p.dirs[dir]
	return job{dir: d, file: f, path: d.stat.FilePath(f.Name)}
}
