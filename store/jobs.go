package store

import "bulletin/sources"

// jobList is the files a plan reads, kept compact: a first listing plans
// every file of the folder and holds the plan until the index is written,
// and a job with its own pointers and strings (some 120 bytes a file) was
// the largest thing its heap held, scanned by every collection. Here a job
// is a pointer-free record and the names are in an arena, about 55 bytes a
// file, which the collector never scans.
type jobList struct {
	records chunked[jobRecord]
	names   byteArena
}

// jobRecord is one job: its directory (an index in the plan's dirs), the
// file's size and stamp, and where its name is in the arena: chunk
// name>>nameChunkBits, from the offset in the low bits, nameLen bytes (an
// arena's chunk holds 1 MiB, or one larger text from its start, so the
// offset fits).
type jobRecord struct {
	size, stamp int64
	dir         uint32
	name        uint32
	nameLen     uint32
	article     bool
}

const nameChunkBits = 20 // log2 of arenaChunk

func (l *jobList) len() int { return l.records.len() }

// add keeps the job of file f of directory dir (an index in the plan's dirs).
func (l *jobList) add(dir int, f sources.FileStat) {
	chunk, at, b := l.names.reserve(len(f.Name))
	_ = append(b, f.Name...)
	l.records.add(jobRecord{size: f.Size, stamp: f.Stamp, dir: uint32(dir), name: chunk<<nameChunkBits | at,
		nameLen: uint32(len(f.Name)), article: f.Article})
}

// fileStat is the file of job i, as the walk met it.
func (l *jobList) fileStat(i int) (dir int, f sources.FileStat) {
	r := l.records.at(i)
	chunk, at := r.name>>nameChunkBits, r.name&(1<<nameChunkBits-1)
	name := string(l.names.bytes(chunk, at, r.nameLen))
	return int(r.dir), sources.FileStat{Name: name, Article: r.article, Size: r.size, Stamp: r.stamp}
}

// setStat gives job i the size and stamp its reader took from the file,
// for a directory the walk did not stat. Each job is read by one reader,
// and written after its read, so no two goroutines set or get one record
// at once.
func (l *jobList) setStat(i int, size, stamp int64) {
	r := l.records.at(i)
	r.size, r.stamp = size, stamp
}

// job is job i, with its path, made when it is read or written.
func (p *plan) job(i int) job {
	dir, f := p.jobs.fileStat(i)
	d := p.dirs[dir]
	return job{dir: d, file: f, path: d.stat.FilePath(f.Name)}
}
