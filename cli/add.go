package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"bulletin/config"
	"bulletin/feeds"
	"bulletin/model"
)

func newAddCmd() *cobra.Command {
	var site siteFlags
	var naming feeds.Naming
	cmd := &cobra.Command{
		Use:   "add URL|FOLDER...",
		Short: "Subscribe to feeds, or add folders of article files to your library",
		Long: "Subscribe to each feed and store its items at once, or add each folder of\n" +
			"article files to your library. URL is a feed (http, https, a file:// URL or\n" +
			"the path of a feed file), or a web page: its feed is found through the page's\n" +
			"<link rel=\"alternate\">. With sources of your own, bulletin opens them instead\n" +
			"of the tour. The subscriptions are kept in the configuration file." +
			"\n\nA folder can say where its stories live on the web: --article-url is the\n" +
			"address of a story with {id} where its id goes, --picture-url the address of\n" +
			"a picture with {pic} where its path goes. Both must make http or https\n" +
			"addresses. Given for a folder already in your library, they replace its\n" +
			"addresses; an empty one removes it." +
			"\n\n--title names a feed in place of its own title, and each --tag gives it a\n" +
			"tag (the feed pane groups feeds by tag); given for a feed subscribed to\n" +
			"already, they are set on it. A feed that cannot be fetched now is\n" +
			"subscribed to all the same, with a warning: the next refresh fetches it.",
		Example: "  bulletin add https://go.dev/blog/feed.atom\n" +
			"  bulletin add https://lwn.net/          # finds the site's feed\n" +
			"  bulletin add ~/news                    # a folder of article files\n" +
			"  bulletin add ~/news/alalam --article-url 'https://news.example/news/{id}' \\\n" +
			"      --picture-url 'https://media.example/uploads{pic}'\n" +
			"  bulletin add https://lwn.net/headlines/rss --title LWN --tag linux --tag news",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("add needs a URL or a FOLDER")}
			}
			if err := checkNaming(&naming, args); err != nil {
				return usageError{err}
			}
			return site.check(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAdd(cmd, args, &site, naming)
		},
	}
	cmd.Flags().StringVar(&naming.Title, "title", "", "the feed's name, in place of its own title")
	cmd.Flags().StringArrayVar(&naming.Tags, "tag", nil, "a tag for the feed (repeat for more)")
	cmd.Flags().StringVar(&site.article, "article-url", "", "where the folder's stories live: an address with {id} where a story's id goes")
	cmd.Flags().StringVar(&site.picture, "picture-url", "", "where the folder's pictures live: an address with {pic} where a picture's path goes")
	return cmd
}

// siteFlags are add's --article-url and --picture-url: where a folder's
// stories live on the web.
type siteFlags struct {
	article, picture string
	// setArticle and setPicture report whether each flag was given; an
	// empty value given removes the template.
	setArticle, setPicture bool
}

// check reads the flags and refuses, before anything is added, a template
// that makes no http or https address, and the flags for anything but
// folders.
func (s *siteFlags) check(cmd *cobra.Command, args []string) error {
	s.setArticle, s.setPicture = cmd.Flags().Changed("article-url"), cmd.Flags().Changed("picture-url")
	if !s.any() {
		return nil
	}
	if _, err := model.ParseSite(s.article, ""); err != nil {
		return usageError{flagError("--article-url", "article_url", err)}
	}
	if _, err := model.ParseSite("", s.picture); err != nil {
		return usageError{flagError("--picture-url", "picture_url", err)}
	}
	for _, arg := range args {
		if fi, err := os.Stat(arg); err != nil || !fi.IsDir() {
			return usageError{fmt.Errorf("%s is not a folder: %s for folders of article files", model.CleanLine(arg), s.names())}
		}
	}
	return nil
}

func (s *siteFlags) any() bool { return s.setArticle || s.setPicture }

// names are the flags given, for messages, with their verb.
func (s *siteFlags) names() string {
	switch {
	case s.setArticle && s.setPicture:
		return "--article-url and --picture-url are"
	case s.setArticle:
		return "--article-url is"
	}
	return "--picture-url is"
}

// apply sets the folder's templates that were given; it reports whether
// that changed them.
func (s *siteFlags) apply(f *config.Folder) bool {
	before := *f
	if s.setArticle {
		f.ArticleURL = s.article
	}
	if s.setPicture {
		f.PictureURL = s.picture
	}
	return *f != before
}

// flagError words a template's error (which names its configuration key)
// with the flag that gave it.
func flagError(flag, key string, err error) error {
	if rest, ok := strings.CutPrefix(err.Error(), key+" "); ok {
		return errors.New(flag + " " + rest)
	}
	return fmt.Errorf("%s: %w", flag, err)
}

// addFolderSite adds the folder at dir to the configuration at path with
// the templates given, or sets them on the folder when it is there already
// (by its absolute path, ~ expanded). It returns the folder as saved, and
// whether it was added or its templates changed.
func addFolderSite(path, dir string, s *siteFlags) (f config.Folder, added, changed bool, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return f, false, false, fmt.Errorf("%s: %w", dir, err)
	}
	err = config.Update(path, func(c *config.Config) error {
		i := c.FolderIndex(abs)
		added = i < 0
		if added {
			c.Folders = append(c.Folders, config.Folder{Path: abs})
			i = len(c.Folders) - 1
		}
		changed = s.apply(&c.Folders[i])
		f = c.Folders[i]
		return nil
	})
	return f, added, changed, err
}

// siteNote says where a folder's stories and pictures live.
func siteNote(f config.Folder) string {
	var parts []string
	if f.ArticleURL != "" {
		parts = append(parts, "stories at "+model.CleanLine(f.ArticleURL))
	}
	if f.PictureURL != "" {
		parts = append(parts, "pictures at "+model.CleanLine(f.PictureURL))
	}
	if len(parts) == 0 {
		return "no web addresses"
	}
	return strings.Join(parts, ", ")
}

// runAdd adds each argument on its own: one that fails is reported on
// stderr, and the others are still added.
func runAdd(cmd *cobra.Command, args []string, site *siteFlags, naming feeds.Naming) error {
	svc, st, err := openFeeds(cmd, true)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := cmd.Context()
	out := cmd.OutOrStdout()
	server, err := serverOf(ctx)
	if err != nil {
		return err
	}
	failed := false
	for _, arg := range args {
		if site.any() {
			path, err := config.Path()
			var f config.Folder
			var added, changed bool
			if err == nil {
				f, added, changed, err = addFolderSite(path, arg, site)
			}
			name := model.CleanLine(arg)
			switch {
			case err != nil:
				cmd.PrintErrf("bulletin: %s\n", model.CleanLine(trimPrefix(err)))
				failed = true
			case added:
				fmt.Fprintf(out, "added the folder %s (%s)\n", name, siteNote(f))
			case changed:
				fmt.Fprintf(out, "updated the folder %s (%s)\n", name, siteNote(f))
			default:
				fmt.Fprintf(out, "the folder %s is in your library already (%s)\n", name, siteNote(f))
			}
			continue
		}
		if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
			added, err := svc.AddFolder(arg)
			switch {
			case err != nil:
				cmd.PrintErrf("bulletin: %s\n", model.CleanLine(trimPrefix(err)))
				failed = true
			case added:
				fmt.Fprintf(out, "added the folder %s\n", model.CleanLine(arg))
			default:
				fmt.Fprintf(out, "the folder %s is in your library already\n", model.CleanLine(arg))
			}
			continue
		}
		a, err := svc.AddNamed(ctx, arg, naming)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			cmd.PrintErrf("bulletin: %s\n", model.CleanLine(trimPrefix(err)))
			failed = true
			continue
		}
		if server != nil && !a.Already {
			if err := subscribeOnServer(ctx, server, a.URL, naming.Title); err != nil {
				cmd.PrintErrf("bulletin: %s\n", err)
				failed = true
			}
		}
		url := model.CleanLine(a.URL)
		switch {
		case a.Already && a.Renamed:
			fmt.Fprintf(out, "already subscribed to %s; %s\n", url, namingNote(naming))
		case a.Already:
			fmt.Fprintf(out, "already subscribed to %s\n", url)
		case a.Down != "":
			fmt.Fprintf(out, "subscribed to %s (not fetched yet)\n", url)
			cmd.PrintErrf("bulletin: %s: warning: subscribed, but the feed cannot be fetched now: %s; the next refresh tries again\n", url, a.Down)
		case a.Page != "":
			fmt.Fprintf(out, "subscribed to %s (%s, %s), the feed of %s\n", url, model.CleanLine(a.Title), items(a.Items), model.CleanLine(a.Page))
		default:
			fmt.Fprintf(out, "subscribed to %s (%s, %s)\n", url, model.CleanLine(a.Title), items(a.Items))
		}
		for _, w := range a.Warnings {
			cmd.PrintErrf("bulletin: %s: warning: %s\n", url, w)
		}
	}
	if failed {
		return errReported
	}
	return nil
}

// checkNaming cleans add's --title and --tag and refuses an empty tag, a
// tag with a comma (lists of tags are written with commas), one title for
// several feeds, and either flag for a folder.
func checkNaming(n *feeds.Naming, args []string) error {
	if n.Empty() {
		return nil
	}
	if n.Title != "" && len(args) > 1 {
		return errors.New("--title names one feed: give one URL with it")
	}
	for _, arg := range args {
		if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
			return fmt.Errorf("%s is a folder: --title and --tag are for feeds", model.CleanLine(arg))
		}
	}
	n.Title = model.CleanLine(n.Title)
	for i, t := range n.Tags {
		t = model.CleanLine(t)
		switch {
		case t == "":
			return errors.New("--tag needs a name")
		case strings.Contains(t, ","):
			return fmt.Errorf("--tag %q: a tag cannot hold a comma (give --tag once a tag)", t)
		}
		n.Tags[i] = t
	}
	return nil
}

// namingNote says what was set on a feed subscribed to before.
func namingNote(n feeds.Naming) string {
	var parts []string
	if n.Title != "" {
		parts = append(parts, fmt.Sprintf("titled %q", n.Title))
	}
	if len(n.Tags) > 0 {
		parts = append(parts, "tagged "+strings.Join(n.Tags, ", "))
	}
	return "now " + strings.Join(parts, " and ")
}

// items counts items in words.
func items(n int) string {
	if n == 1 {
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}
