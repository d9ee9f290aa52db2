package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

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
}

type relatedEntry struct {
	ID    *string `json:"id"`
	Title string  `json:"title"`
	Pic   *string `json:"pic"`
	Video bool    `json:"video"`
	Ref   *string `json:"ref"`
}

func runRead(cmd *cobra.Command, arg string, asJSON bool) error {
	ctx := cmd.Context()
	lib, article, err := findArticle(cmd, arg)
	if err != nil {
		return err
	}
	a, err := model.Load(ctx, article)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: %s\n", trimPrefix(err))
		return errReported
	}
	out := cmd.OutOrStdout()
	if asJSON {
		return writeReadJSON(out, lib, &a)
	}
	links := render.Links(lib, &a)
	if f, ok := out.(*os.File); ok && isTerminal(out) && os.Getenv("NO_COLOR") == "" {
		width, _, err := term.GetSize(f.Fd())
		if err != nil || width <= 0 {
			width = 80
		}
		dark := lipgloss.HasDarkBackground(os.Stdin, f)
		text, err := render.Markdown(render.Document(&a, links), render.StyleFor(dark, true), min(width-2, 100))
		if err != nil {
			return err
		}
		_, err = lipgloss.Fprint(out, text)
		return err
	}
	_, err = io.WriteString(out, render.Plain(&a, links))
	return err
}

// findArticle finds what to read: a file (its folder is the library, so its
// links resolve to its neighbours) or a ref in the user's library.
func findArticle(cmd *cobra.Command, arg string) (*model.Library, *model.Article, error) {
	ctx := cmd.Context()
	if st, err := os.Stat(arg); err == nil && !st.IsDir() {
		file, err := sources.OpenFile(arg)
		if err != nil {
			return nil, nil, err
		}
		var srcs []model.Source
		if folder, err := sources.OpenFolder(filepath.Dir(arg)); err == nil {
			srcs = append(srcs, folder)
		}
		// Errors elsewhere in the folder are not this command's business.
		lib, _ := loadLibrary(ctx, srcs, io.Discard)
		listed, _ := loadLibrary(ctx, []model.Source{file}, cmd.ErrOrStderr())
		if listed.Len() == 0 {
			return nil, nil, errReported
		}
		a := listed.Articles()[0]
		if own, ok := lib.ByRef(a.Ref); ok {
			a = own
		}
		return lib, a, nil
	}
	srcs, err := openSources(nil)
	if err != nil {
		return nil, nil, err
	}
	lib, _ := loadLibrary(ctx, srcs, cmd.ErrOrStderr())
	a, ok := lib.ByRef(arg)
	if !ok {
		fmt.Fprintf(cmd.ErrOrStderr(), "bulletin: %s: no such file, and no article with that ref in your library\n", model.CleanLine(arg))
		return nil, nil, errReported
	}
	return lib, a, nil
}

func writeReadJSON(w io.Writer, lib *model.Library, a *model.Article) error {
	e := readEntry{
		Ref:       a.Ref,
		Source:    a.Source,
		Title:     a.Title,
		Published: published(a),
		Date:      optional(a.DateText),
		Body:      a.Body,
		Warnings:  a.Warnings,
		Related:   make([]relatedEntry, len(a.Related)),
	}
	if e.Warnings == nil {
		e.Warnings = []string{}
	}
	for i, r := range a.Related {
		re := relatedEntry{ID: optional(r.ID), Title: r.Title, Pic: optional(r.Pic), Video: r.Video}
		if target, ok := lib.Resolve(r); ok {
			re.Ref = &target.Ref
		}
		e.Related[i] = re
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(e)
}
