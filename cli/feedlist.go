package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"bulletin/model"
)

func newFeedsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "feeds",
		Short: "List your feeds and how their last refresh went",
		Long: "List your feed subscriptions in the order of the configuration file: title,\n" +
			"tags, URL, how the last fetch ended, when it last succeeded, how many items\n" +
			"the library store holds, and the last error. Then the saved searches\n" +
			"([[queries]] in config.toml) with how many articles each finds and how many\n" +
			"of them are unread.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, st, err := openFeeds(cmd, false)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := svc.Status(cmd.Context())
			if err != nil {
				return err
			}
			qs, err := countQueries(cmd, st)
			if err != nil {
				return err
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			if asJSON {
				err = writeFeedsJSON(w, list)
				if err == nil {
					err = writeQueriesJSON(w, qs)
				}
			} else {
				writeFeedsTable(w, list, time.Now())
				writeQueriesTable(w, qs)
			}
			if err != nil {
				return err
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON Lines, one object per feed")
	return cmd
}

// feedEntry is one line of `feeds --json`. Times are RFC 3339, null
// before the first fetch.
type feedEntry struct {
	URL         string   `json:"url"`
	Title       string   `json:"title"`
	Tags        []string `json:"tags"`
	Status      *string  `json:"status"`
	Error       *string  `json:"error"`
	LastAttempt *string  `json:"last_attempt"`
	LastSuccess *string  `json:"last_success"`
	Items       int      `json:"items"`
	// Total is Items again, beside Unread, for scripts that count.
	Total  int  `json:"total"`
	Unread int  `json:"unread"`
	Gone   bool `json:"gone"`
	// Warnings say what was wrong but survivable in the last document.
	Warnings []string `json:"warnings"`
}

func timeOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.RFC3339)
	return &s
}

func writeFeedsJSON(w io.Writer, list []model.FeedStatus) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, f := range list {
		e := feedEntry{URL: f.URL, Title: f.Title, Tags: f.Tags, Status: optional(f.Status), Error: optional(f.Error),
			LastAttempt: timeOrNull(f.LastAttempt), LastSuccess: timeOrNull(f.LastSuccess), Items: f.Items, Total: f.Items, Unread: f.Unread, Gone: f.Gone}
		if e.Tags == nil {
			e.Tags = []string{}
		}
		e.Warnings = append([]string{}, f.Warnings...)
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return nil
}

// writeFeedsTable prints a table a column per field; every field is one
// clean line, as tabs or newlines in a title would break the table.
func writeFeedsTable(w io.Writer, list []model.FeedStatus, now time.Time) {
	if len(list) == 0 {
		fmt.Fprintln(w, "no feeds yet: bulletin add URL, or bulletin import FILE")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TITLE\tTAGS\tURL\tSTATUS\tLAST SUCCESS\tITEMS\tUNREAD\tLAST ERROR")
	for _, f := range list {
		status := f.Status
		switch {
		case f.Gone:
			status = "gone"
		case status == "":
			status = "not fetched"
		}
		problem := f.Error
		if problem == "" && len(f.Warnings) > 0 {
			// A feed that was read with trouble says so where its errors go.
			problem = "warning: " + strings.Join(f.Warnings, "; ")
		}
		fields := []string{f.Title, strings.Join(f.Tags, ","), f.URL, status, when(f.LastSuccess, now), strconv.Itoa(f.Items), strconv.Itoa(f.Unread), problem}
		for i, s := range fields {
			fields[i] = strings.ReplaceAll(model.CleanLine(s), "\t", " ")
		}
		fmt.Fprintln(tw, strings.Join(fields, "\t"))
	}
	tw.Flush()
}

// when is a time in the table: the local date and time, "never" for none.
func when(t time.Time, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	t = t.In(now.Location())
	if y, m, d := now.Date(); t.Year() == y && t.Month() == m && t.Day() == d {
		return "today " + t.Format("15:04")
	}
	return t.Format("2006-01-02 15:04")
}
