package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"bulletin/model"
	"bulletin/sources/opml"
)

func newImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Subscribe to the feeds of an OPML file or a newsboat urls file",
		Long: "Subscribe to every feed of FILE, keeping their titles and tags (OPML folders\n" +
			"and categories, newsboat tags). FILE is OPML or a newsboat-style urls file\n" +
			"(one URL a line, then its tags; # starts a comment), told apart by its\n" +
			"content; - reads stdin. Nothing is fetched: run bulletin refresh after.",
		Example: "  bulletin import subscriptions.opml && bulletin refresh\n" +
			"  bulletin import ~/.newsboat/urls",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			in, dir := cmd.InOrStdin(), "."
			if name != "-" {
				f, err := os.Open(name)
				if err != nil {
					return fmt.Errorf("%s: %w", name, unwrapPathError(err))
				}
				defer f.Close()
				in, dir = f, filepath.Dir(name)
			}
			if abs, err := filepath.Abs(dir); err == nil {
				dir = abs
			}
			list, err := opml.Read(in)
			if err != nil {
				return fmt.Errorf("%s: %s", name, trimOPML(err))
			}
			svc, st, err := openFeeds(cmd, true)
			if err != nil {
				return err
			}
			defer st.Close()
			im, err := svc.Import(cmd.Context(), list, dir)
			if err != nil {
				return err
			}
			for _, s := range im.Notes {
				cmd.PrintErrf("bulletin: %s: note: %s\n", model.CleanLine(name), model.CleanLine(s))
			}
			for _, s := range im.Skipped {
				cmd.PrintErrf("bulletin: %s: skipped %s\n", model.CleanLine(name), model.CleanLine(s))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %s: %d added, %d already there, %d skipped\n",
				model.CleanLine(name), len(im.Added), len(im.Already), len(im.Skipped))
			return nil
		},
	}
}

// trimOPML drops the package prefix of an error of opml.
func trimOPML(err error) string {
	s := err.Error()
	if len(s) > 6 && s[:6] == "opml: " {
		return s[6:]
	}
	return s
}

func newExportCmd() *cobra.Command {
	var urls bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Print your subscriptions as OPML 2.0",
		Long: "Print your feed subscriptions as OPML 2.0 on stdout, with their titles and\n" +
			"tags (the first tag as the folder, all of them as categories), for another\n" +
			"reader or for bulletin import, which reads it back whole. --urls prints a\n" +
			"newsboat urls file instead.",
		Example: "  bulletin export > subscriptions.opml",
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, st, err := openFeeds(cmd, false)
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := svc.Export(cmd.Context())
			if err != nil {
				return err
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			if urls {
				err = opml.WriteURLs(w, list)
			} else {
				err = opml.Write(w, list)
			}
			if err != nil {
				return err
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&urls, "urls", false, "print a newsboat urls file: one URL a line, then its tags")
	return cmd
}
