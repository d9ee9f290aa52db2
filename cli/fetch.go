package cli

// bulletin fetch: the stories a folder's articles link to, fetched from
// the folder's site (article_url) without the reader, the way the reader
// fetches one when its number is pressed, and kept in the library store
// with the folder's articles.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"bulletin/feeds"
	"bulletin/model"
	"bulletin/sources"
)

func newFetchCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "fetch REF|URL...",
		Short: "Fetch related stories from their folder's site and keep them",
		Long: "Fetch stories from the site of a folder of your library (its article_url), as\n" +
			"the reader does when a related story that is not fetched yet is opened, keep\n" +
			"them in the library store with the folder's articles, and print them as read\n" +
			"does: styled on a terminal, plain text in a pipe or with NO_COLOR. URL is a\n" +
			"story's address, which a configured folder's article_url must match; REF is\n" +
			"a story's ref, FOLDER/web/ID. A story fetched before comes from the store,\n" +
			"with no request. Exit status 1 when a fetch failed, 2 for bad arguments.",
		Example: "  bulletin fetch https://news.example/news/1856739\n" +
			"  bulletin fetch --json alalam/web/1856739",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("fetch takes at least one REF or URL")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFetch(cmd, args, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print each story as one JSON object, as read --json does")
	return cmd
}

// fetchTarget is one story to fetch: its folder, its id on the folder's
// site and its address.
type fetchTarget struct {
	folder  *sources.Folder
	id, url string
}

// ref is the story's ref in the library.
func (t fetchTarget) ref() string { return model.StoryRef(t.folder.Name, t.id) }

// stub is what the feeds service is given to fetch the story: kept by its
// ref as a story of the folder (store.KeepStory files it by its Origin).
func (t fetchTarget) stub() model.Article {
	return model.Article{Ref: t.ref(), ID: t.id, Source: t.folder.Name, Link: t.url, Origin: t.folder}
}

// fetchTargetOf reads an argument of fetch: the address of a story on the
// site of one of the folders, or the ref of one (FOLDER/web/ID). Anything
// else is a usage error, which names the argument.
func fetchTargetOf(folders []*sources.Folder, arg string) (fetchTarget, error) {
	name := model.CleanLine(arg)
	if strings.Contains(arg, "://") {
		if _, err := model.WebLink(arg); err != nil {
			return fetchTarget{}, usageError{fmt.Errorf("%s: %v", name, err)}
		}
		for _, f := range folders {
			if id, ok := f.Site().IDFrom(arg); ok {
				return fetchTarget{folder: f, id: id, url: arg}, nil
			}
		}
		return fetchTarget{}, usageError{fmt.Errorf("%s: no folder's article_url matches this address%s", name, sitesHint(folders))}
	}
	folderName, id, ok := strings.Cut(arg, "/web/")
	if !ok || folderName == "" || id == "" {
		return fetchTarget{}, usageError{fmt.Errorf("%s: neither an http or https address nor a story ref (FOLDER/web/ID)", name)}
	}
	var named *sources.Folder
	for _, f := range folders {
		if f.Name != folderName {
			continue
		}
		if named == nil || named.Site().ArticleURL == "" {
			named = f
		}
	}
	if named == nil {
		return fetchTarget{}, usageError{fmt.Errorf("%s: no folder named %s in your library", name, model.CleanLine(folderName))}
	}
	u, err := named.Site().ArticleFor(id)
	if err != nil {
		if errors.Is(err, model.ErrNoSite) {
			return fetchTarget{}, usageError{fmt.Errorf("%s: the folder %s has no article_url: set one with bulletin add %s --article-url URL", name, named.Name, named.Dir())}
		}
		return fetchTarget{}, usageError{fmt.Errorf("%s: %v", name, err)}
	}
	return fetchTarget{folder: named, id: id, url: u}, nil
}

// sitesHint tells, after an address no folder claims, what to do when no
// folder has an article_url at all.
func sitesHint(folders []*sources.Folder) string {
	for _, f := range folders {
		if f.Site().ArticleURL != "" {
			return ""
		}
	}
	return " (no folder of your library has one: set it with bulletin add FOLDER --article-url URL)"
}

func runFetch(cmd *cobra.Command, args []string, asJSON bool) error {
	// Ctrl-C cancels the fetch under way; the stories fetched before it
	// stay kept.
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stderr := cmd.ErrOrStderr()
	sel, err := openSelection(nil)
	if err != nil {
		return err
	}
	defer sel.warn(stderr)
	targets := make([]fetchTarget, 0, len(args))
	for _, arg := range args {
		t, err := fetchTargetOf(sel.folders, arg)
		if err != nil {
			return err
		}
		targets = append(targets, t)
	}
	ls, err := openStore(cmd, sel, true)
	if err != nil {
		return err
	}
	defer ls.Close()
	if ls.db.ReadOnly() {
		fmt.Fprintf(stderr, "bulletin: warning: the library store is read-only (%s): the stories are not kept\n", ls.db.Path())
	}
	svc := feeds.New(sel.cfg.File(), ls.db, feeds.NewFetcher(sel.cfg.Settings, version()))

	p := newProgress(stderr, isTerminal(stderr), false)
	var fetched []model.Article
	failed := false
	for _, t := range targets {
		p.show("fetching " + t.url)
		stub := t.stub()
		a, err := svc.Story(ctx, &stub)
		p.clear()
		if err != nil {
			failed = true
			if ctx.Err() != nil {
				fmt.Fprintf(stderr, "bulletin: cannot fetch %s: interrupted\n", model.CleanLine(t.url))
				break
			}
			fmt.Fprintf(stderr, "bulletin: cannot fetch %s: %s\n", model.CleanLine(t.url), fetchWhy(t.url, err))
			continue
		}
		fetched = append(fetched, a)
	}
	p.done()
	if len(fetched) > 0 && ctx.Err() == nil {
		if err := printStories(cmd, ls, sel, fetched, asJSON); err != nil {
			return err
		}
	}
	if failed {
		return errReported
	}
	return nil
}

// printStories prints the fetched stories as read prints an article, their
// related stories resolved against the library (which lists them now).
func printStories(cmd *cobra.Command, ls *libraryStore, sel *selection, stories []model.Article, asJSON bool) error {
	// Files with errors elsewhere in the library are not this command's
	// business.
	lib, err := libraryOf(cmd, ls, sel, io.Discard)
	if err != nil {
		return err
	}
	lib.Add(stories...)
	lib.Link()
	for i := range stories {
		if i > 0 && !asJSON {
			fmt.Fprintln(cmd.OutOrStdout())
		}
		if err := printArticle(cmd, lib, &stories[i], ls, asJSON); err != nil {
			return err
		}
	}
	return nil
}

// fetchWhy is why a fetch of url failed, in words, with the network's
// error when the site could not be reached.
func fetchWhy(url string, err error) string {
	why, detail := model.FetchFailure(url, err)
	if detail != "" {
		why += " (" + detail + ")"
	}
	return why
}
