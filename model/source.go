package model

import (
	"context"
	"sync"
)

// Source is a place articles come from. main wires the real ones (folders,
// the tour); tests pass fakes.
type Source interface {
	Loader
	// Scan lists the source, sending each file it meets as soon as it is
	// read; the channel closes when the scan ends or ctx is cancelled.
	// workers bounds the parallel readers (<= 0: a default).
	Scan(ctx context.Context, workers int) <-chan ScanResult
}

// ScanResult is one file met by a scan: an article, a skipped file, or an
// error naming the file.
type ScanResult struct {
	// Path names the file as the user knows it, for messages: set for a
	// skipped file or an error. An article has its own Path and Source
	// (making the name for every headline cost a large listing 4% of its
	// time).
	Path    string
	Article Article
	Skipped bool // not an article file (README, image, hidden file)
	Err     error
}

// ScanAll scans every source at once and merges their results.
func ScanAll(ctx context.Context, sources []Source, workers int) <-chan ScanResult {
	out := make(chan ScanResult, 256)
	var wg sync.WaitGroup
	for _, s := range sources {
		ch := s.Scan(ctx, workers)
		wg.Go(func() {
			for r := range ch {
				select {
				case out <- r:
				case <-ctx.Done():
					for range ch {
					}
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// ScanStats counts what a scan met.
type ScanStats struct {
	Articles, Skipped, Errors, Warnings int
}

// Count adds one result to the counts.
func (s *ScanStats) Count(r ScanResult) {
	switch {
	case r.Err != nil:
		s.Errors++
	case r.Skipped:
		s.Skipped++
	default:
		s.Articles++
		if len(r.Article.Warnings) > 0 {
			s.Warnings++
		}
	}
}
