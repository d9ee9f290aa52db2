package store

import (
	"context"
	"database/sql"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bulletin/model"
)

// stampMargin is how old a directory's time must be before it is trusted to
// tell a later change: file systems keep times in coarse ticks (a few
// milliseconds, two seconds on FAT), so a file added in the same tick as a
// directory was looked at would leave its time as it was.
const stampMargin = 3 * time.Second

// UpdateChanged is Update without walking the folders that did not change:
// a folder each of whose directories has the time and size it had when its
// files were last all indexed is taken as it is in the index. Adding,
// removing or renaming a file changes its directory; a file rewritten in
// place does not, and is read again by the next Update (list and index do
// one). The other folders are brought up to date as Update does.
func (l *Library) UpdateChanged(ctx context.Context, progress func(Progress), problem func(model.ScanResult)) error {
	if l.db.readOnly {
		return nil
	}
	for _, s := range l.sources {
		if s.feed != nil || s.stories {
			continue
		}
		before, fresh, err := s.dirStamps(ctx)
		if err != nil {
			return err
		}
		if fresh {
			continue
		}
		if err := s.update(ctx, l.workers(), false, problemsTo(problem), progress); err != nil {
			return err
		}
		if err := s.keepStamps(ctx, before); err != nil {
			return err
		}
	}
	return nil
}

// dirStamp is a directory's time and size as seen on disk, and whether it
// was old enough (see stampMargin) to be kept.
type dirStamp struct {
	stamp   int64
	trusted bool
}

// dirStamps looks at the directories the index holds for the source: their
// stamps now, by path, and whether all of them are as kept, with every file
// indexed. Only a folder on disk is ever fresh: a one-file source and the
// embedded tour are read directly, which costs little.
func (s *Source) dirStamps(ctx context.Context) (map[string]dirStamp, bool, error) {
	if !strings.HasPrefix(s.folder.Key(), "dir:") {
		return nil, false, nil
	}
	id, err := s.sourceID(ctx, false)
	if err != nil || id == 0 {
		return nil, false, err
	}
	db := s.lib.db
	rows, err := db.sql.QueryContext(ctx, `SELECT d.path, d.fingerprint IS NOT NULL, coalesce(k.path = d.path, 0), coalesce(k.stamp, 0)
		FROM dirs d LEFT JOIN dir_stamps k ON k.dir_id = d.id WHERE d.source_id = ?`, id)
	if err != nil {
		return nil, false, db.fail("read the index", err)
	}
	defer rows.Close()
	now := time.Now()
	stamps := map[string]dirStamp{}
	fresh := true
	for rows.Next() {
		var path string
		var indexed, kept bool
		var keptStamp int64
		if err := rows.Scan(&path, &indexed, &kept, &keptStamp); err != nil {
			return nil, false, db.fail("read the index", err)
		}
		st, ok := statDir(filepath.Join(s.folder.Dir(), filepath.FromSlash(path)), now)
		if ok {
			stamps[path] = st
		}
		fresh = fresh && ok && indexed && kept && keptStamp == st.stamp
	}
	if err := rows.Err(); err != nil {
		return nil, false, db.fail("read the index", err)
	}
	return stamps, fresh && len(stamps) > 0, nil
}

// statDir is the stamp of the directory at path; false when it cannot be
// looked at.
func statDir(path string, now time.Time) (dirStamp, bool) {
	fi, err := os.Stat(path)
	if err != nil || !fi.IsDir() {
		return dirStamp{}, false
	}
	h := fnv.New64a()
	var buf [16]byte
	mod, size := fi.ModTime().UnixNano(), fi.Size()
	for i := range 8 {
		buf[i] = byte(mod >> (8 * i))
		buf[8+i] = byte(size >> (8 * i))
	}
	h.Write(buf[:])
	return dirStamp{stamp: int64(h.Sum64()), trusted: now.Sub(fi.ModTime()) > stampMargin}, true
}

// keepStamps keeps, after an update, the stamps taken before it of the
// directories whose files are now all indexed. A directory that changed
// during the update has a newer time than the one kept, and is walked again
// next time.
func (s *Source) keepStamps(ctx context.Context, before map[string]dirStamp) error {
	if len(before) == 0 {
		return nil
	}
	id, err := s.sourceID(ctx, false)
	if err != nil || id == 0 {
		return err
	}
	return s.lib.db.tx(ctx, "index "+s.folder.Name, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM dir_stamps WHERE dir_id IN (SELECT id FROM dirs WHERE source_id = ?)`, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, path FROM dirs WHERE source_id = ? AND fingerprint IS NOT NULL`, id)
		if err != nil {
			return err
		}
		type kept struct {
			dirID int64
			path  string
			stamp int64
		}
		var keep []kept
		for rows.Next() {
			var k kept
			if err := rows.Scan(&k.dirID, &k.path); err != nil {
				rows.Close()
				return err
			}
			if st, ok := before[k.path]; ok && st.trusted {
				k.stamp = st.stamp
				keep = append(keep, k)
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, k := range keep {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dir_stamps (dir_id, path, stamp) VALUES (?, ?, ?)`, k.dirID, k.path, k.stamp); err != nil {
				return err
			}
		}
		return nil
	})
}
