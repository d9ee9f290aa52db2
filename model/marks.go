package model

import "context"

// ReadMark is the read state one article is to have.
type ReadMark struct {
	Ref  string
	Read bool
}

// ReadMarker is a Store that stores many read marks at once, all or none
// (one transaction): marking a feed of thousands of articles read, or
// undoing it, is then one write, not thousands. The writer uses it when
// the store has it, and stores the marks one by one otherwise.
type ReadMarker interface {
	MarkReads(ctx context.Context, marks []ReadMark) error
}

// markReads stores marks through st, in one batch when st can.
func markReads(ctx context.Context, st Store, marks []ReadMark) error {
	if b, ok := st.(ReadMarker); ok {
		return b.MarkReads(ctx, marks)
	}
	for _, m := range marks {
		if err := st.MarkRead(ctx, m.Ref, m.Read); err != nil {
			return err
		}
	}
	return nil
}
