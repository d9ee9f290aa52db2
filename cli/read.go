package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"bulletin/config"
	"bulletin/model"
	"bulletin/render"
	"bulletin/sources"
)

func newReadCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "read REF|FILE",
		Short: "Print one article with its related stories",
		Long: "Print one article: styled on a terminal, plain text in a pipe or with NO_COLOR.\n" +
			"REF is an article's ref as `list --json` prints it; FILE is an article file,\n" +
			"whose related stories are looked up in the folder that holds it.",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRead(cmd, args[0], asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the article as one JSON object")
	return cmd
}

// readEntry is the output of `read --json`.
type readEntry struct {
	Ref       string         `json:"ref"`
	Source    string         `json:"source"`
	Title     string         `json:"title"`
	Published *string        `json:"published"`
	Date      *string        `json:"date"`
	Body      string         `json:"body"`
	Warnings  []string       `json:"warnings"`
	Related   []relatedEntry `json:"related"`
	Similar   []similarEntry `json:"similar"`
}

// similarEntry is one article of "more like this".
type similarEntry struct {
	Ref   string  `json:"ref"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
}

// similarCount is how many similar articles read --json lists.
const similarCount = 5

type relatedEntry struct {
	ID    *string `json:"id"`
	Title string  `json:"title"`
	Pic   *string `json:"pic"`
	Video bool    `json:"video"`
	Ref   *string `json:"ref"`
	// URL is the story's address on the web and Picture its picture's,
	// when the article's folder says where its stories live (article_url,
	// picture_url in the configuration); absent otherwise.
	URL     string `json:"url,omitempty"`
	Picture string `json:"picture,omitempty"`
}

func runRead(cmd *cobra.Command, arg string, asJSON bool) error {
	ctx := cmd.Context()
	if lib, a, st, ok, err := readIndexed(cmd, arg); ok || err != nil {
		defer st.Close()
		if err != nil {
			return err
		}
		return printRead(cmd, lib, a, st, asJSON, false)
	}
	lib, article, st, err := findArticle(cmd, arg)
	defer st.Close()
	if err != nil {
		return err
	}
	a, err := model.Load(ctx, article)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: %s\n", trimPrefix(err))
		return errReported
	}
	return printArticle(cmd, lib, &a, st, asJSON)
}

// readIndexed reads the article at ref without listing the library: it is
// found in the index as it is, read from its file as the file is now, and
// its related stories are looked up in the index one by one. The returned
// library holds only the articles they lead to. ok is false, with nothing
// open, when arg is a file, when there is no index to read, or when the
// index does not know the ref or its file is gone: findArticle then lists
// the library, bringing the index up to date, as it always did.
func readIndexed(cmd *cobra.Command, arg string) (*model.Library, *model.Article, *libraryStore, bool, error) {
	if _, err := os.Stat(arg); err == nil {
		return nil, nil, nil, false, nil
	}
	sel, err := openSelection(nil)
	if err != nil {
		return nil, nil, nil, false, nil // findArticle reports it
	}
	ls, _, err := openStoreQuiet(cmd, sel, false)
	if err != nil || !ls.indexed() {
		ls.Close()
		return nil, nil, nil, false, nil
	}
	ctx := cmd.Context()
	listed, ok, err := ls.lib.Lookup(ctx, arg)
	if err != nil || !ok {
		ls.Close()
		return nil, nil, nil, false, nil
	}
	a, err := model.Load(ctx, &listed)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		ls.Close()
		return nil, nil, nil, false, nil
	case err != nil:
		fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: %s\n", trimPrefix(err))
		return nil, nil, ls, true, errReported
	}
	// What listing the library said on stderr, it still says.
	err = ls.lib.EachProblem(ctx, func(r model.ScanResult) {
		if r.Err != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: %v\n", trimPrefix(r.Err))
		}
	})
	if err != nil {
		return nil, nil, ls, true, err
	}
	linked, err := ls.lib.Linked(ctx, a.Related)
	if err != nil {
		return nil, nil, ls, true, err
	}
	lib := model.NewLibrary()
	lib.Add(linked...)
	return lib, &a, ls, true, nil
}

// printArticle prints a loaded article of lib as read does: one JSON object
// with asJSON, else styled on a terminal, plain text in a pipe or with
// NO_COLOR. st gives "more like this" to the JSON (nil: none), once its
// full-text index is complete.
func printArticle(cmd *cobra.Command, lib *model.Library, a *model.Article, st *libraryStore, asJSON bool) error {
	return printRead(cmd, lib, a, st, asJSON, true)
}

// printRead is printArticle, with "more like this" from the full-text index
// as it is unless completeText.
func printRead(cmd *cobra.Command, lib *model.Library, a *model.Article, st *libraryStore, asJSON, completeText bool) error {
	out := cmd.OutOrStdout()
	if asJSON {
		return writeReadJSON(out, lib, a, similarTo(cmd, st, a.Ref, completeText))
	}
	links := render.Links(lib, a)
	if f, ok := out.(*os.File); ok && isTerminal(out) && os.Getenv("NO_COLOR") == "" {
		width, _, err := term.GetSize(f.Fd())
		if err != nil || width <= 0 {
			width = 80
		}
		dark := lipgloss.HasDarkBackground(os.Stdin, f)
		text, err := render.Markdown(render.Document(a, links), render.StyleFor(dark, true), min(width-2, 100))
		if err != nil {
			return err
		}
		_, err = lipgloss.Fprint(out, text)
		return err
	}
	_, err := io.WriteString(out, render.Plain(a, links))
	return err
}

// findArticle finds what to read: a file (its folder is the library, so its
// links resolve to its neighbours) or a ref in the user's library. It opens
// the library store too (nil when there is none), for the caller to close.
func findArticle(cmd *cobra.Command, arg string) (*model.Library, *model.Article, *libraryStore, error) {
	ctx := cmd.Context()
	if st, err := os.Stat(arg); err == nil && !st.IsDir() {
		file, err := sources.OpenFile(arg)
		if err != nil {
			return nil, nil, nil, err
		}
		var folders []*sources.Folder
		if folder, err := sources.OpenFolder(filepath.Dir(arg)); err == nil {
			folders = append(folders, folder)
		}
		cfg, _ := config.Load()
		setSites(cfg, append(folders, file)...)
		ls, err := openStore(cmd, &selection{folders: folders}, false)
		if err != nil {
			return nil, nil, nil, err
		}
		// Errors elsewhere in the folder are not this command's business.
		lib, err := libraryOf(cmd, ls, &selection{folders: folders}, io.Discard)
		if err != nil {
			return nil, nil, ls, err
		}
		listed, _ := loadLibrary(ctx, []model.Source{file}, cmd.ErrOrStderr())
		if listed.Len() == 0 {
			return nil, nil, ls, errReported
		}
		first := listed.Articles()[0]
		if own, ok := lib.ByRef(first.Ref); ok {
			first = own
		}
		a := first.Article()
		return lib, &a, ls, nil
	}
	sel, err := openSelection(nil)
	if err != nil {
		return nil, nil, nil, err
	}
	ls, err := openStore(cmd, sel, false)
	if err != nil {
		return nil, nil, nil, err
	}
	lib, err := libraryOf(cmd, ls, sel, cmd.ErrOrStderr())
	if err != nil {
		return nil, nil, ls, err
	}
	listed, ok := lib.ByRef(arg)
	if !ok {
		fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: %s: no such file, and no article with that ref in your library\n", model.CleanLine(arg))
		return nil, nil, ls, errReported
	}
	a := listed.Article()
	return lib, &a, ls, nil
}

// libraryOf lists the selection into a library: from the index, brought up
// to date, when there is one; else by reading the folders, and the feed
// items the store holds. Files with errors are reported on stderr.
func libraryOf(cmd *cobra.Command, ls *libraryStore, sel *selection, stderr io.Writer) (*model.Library, error) {
	if !ls.indexed() {
		srcs := sourcesOf(sel.folders)
		if ls != nil && len(sel.feeds) > 0 {
			feedLib := ls.db.Library()
			feedLib.AddFeeds(sel.feeds...)
			srcs = append(srcs, feedLib.Sources()...)
		}
		lib, _ := loadLibrary(cmd.Context(), srcs, stderr)
		return lib, nil
	}
	var stats model.ScanStats
	if err := ls.update(cmd.Context(), stderr, &stats); err != nil {
		return nil, err
	}
	lib := model.NewLibrary()
	err := ls.lib.List(cmd.Context(), func(r model.ScanResult, _ model.State) error {
		switch {
		case r.Err != nil:
			fmt.Fprintf(stderr, "bulletin: %v\n", trimPrefix(r.Err))
		case !r.Skipped:
			lib.Add(r.Article)
		}
		return nil
	})
	return lib, err
}

// similarTo finds the articles most like the one at ref, completing the
// full-text index first when completeText is set, else among the articles
// indexed so far. Without a store there are none; a failure is reported on
// stderr as a warning, and there are none either.
func similarTo(cmd *cobra.Command, ls *libraryStore, ref string, completeText bool) []similarEntry {
	similar := []similarEntry{}
	if ls == nil {
		return similar
	}
	var err error
	if completeText {
		err = ls.indexText(cmd)
	}
	var hits []model.Hit
	if err == nil {
		hits, err = ls.lib.Similar(cmd.Context(), ref, similarCount)
	}
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: warning: %s\n", trimPrefix(err))
	}
	for _, h := range hits {
		similar = append(similar, similarEntry{Ref: h.Ref, Title: h.Title, Score: roundScore(h.Score)})
	}
	return similar
}

// roundScore keeps four decimals of a score, enough to rank by.
func roundScore(s float64) float64 { return math.Round(s*1e4) / 1e4 }

func writeReadJSON(w io.Writer, lib *model.Library, a *model.Article, similar []similarEntry) error {
	e := readEntry{
		Ref:       a.Ref,
		Source:    a.Source,
		Title:     a.Title,
		Published: published(a),
		Date:      optional(a.DateText),
		Body:      a.Body,
		Warnings:  a.Warnings,
		Related:   make([]relatedEntry, len(a.Related)),
		Similar:   similar,
	}
	if e.Warnings == nil {
		e.Warnings = []string{}
	}
	var site model.Site
	if s, ok := a.Origin.(model.Sited); ok {
		site = s.Site()
	}
	for i, r := range a.Related {
		re := relatedEntry{ID: optional(r.ID), Title: r.Title, Pic: optional(r.Pic), Video: r.Video}
		if target, ok := lib.Resolve(r); ok {
			re.Ref = &target.Ref
		}
		if !r.Link {
			re.URL, _ = site.ArticleFor(r.ID)
			re.Picture, _ = site.PictureFor(r.Pic)
		}
		e.Related[i] = re
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(e)
}
