package store

import (
	"context"
	"time"
)

// drain moves what arrives on in into *batch and calls flush when the batch
// is full, when every has passed (so slow work still lands early), and once
// more when in closes. flush empties *batch.
func drain[T any](ctx context.Context, in <-chan T, batch *[]T, every time.Duration, flush func() error) error {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return flush()
			}
			*batch = append(*batch, v)
			if len(*batch) == cap(*batch) {
				if err := flush(); err != nil {
					return err
				}
			}
		case <-ticker.C:
			if err := flush(); err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
