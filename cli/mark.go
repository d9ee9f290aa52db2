package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bulletin/model"
)

// markFlags are the changes `mark` makes.
type markFlags struct {
	read, unread, star, unstar, verbose bool
}

func newMarkCmd() *cobra.Command {
	var f markFlags
	cmd := &cobra.Command{
		Use:   "mark {--read|--unread|--star|--unstar} REF...",
		Short: "Mark articles read or unread, starred or not",
		Long: "Change what the library store remembers about articles, as the reader does:\n" +
			"read or unread, starred or not. REF is an article's ref as `list --json`\n" +
			"prints it, for an article the store has indexed; - reads refs from stdin, one\n" +
			"a line. Each article's change is saved on its own.",
		Example: "  bulletin mark --read --star tour/01_1001\n" +
			"  bulletin list --json ~/news | jq -r .ref | bulletin mark --read -",
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return usageError{errors.New("mark needs a REF")}
			case !f.read && !f.unread && !f.star && !f.unstar:
				return usageError{errors.New("mark needs --read, --unread, --star or --unstar")}
			case f.read && f.unread, f.star && f.unstar:
				return usageError{errors.New("mark takes --read or --unread, --star or --unstar, not both")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMark(cmd, args, f)
		},
	}
	cmd.Flags().BoolVar(&f.read, "read", false, "mark read")
	cmd.Flags().BoolVar(&f.unread, "unread", false, "mark unread")
	cmd.Flags().BoolVar(&f.star, "star", false, "star")
	cmd.Flags().BoolVar(&f.unstar, "unstar", false, "remove the star")
	cmd.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "print each ref once its change is saved")
	return cmd
}

func runMark(cmd *cobra.Command, args []string, f markFlags) error {
	st, err := openWritableStore(cmd, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := cmd.Context()
	out := cmd.OutOrStdout()
	failed := false
	mark := func(ref string) error {
		ref = strings.TrimSpace(ref)
		if ref == "" {
			return nil
		}
		known, err := st.db.HasArticle(ctx, ref)
		if err != nil {
			return err
		}
		if !known {
			cmd.PrintErrf("bulletin: %s: no article with that ref in the library store (list its folder first)\n", model.CleanLine(ref))
			failed = true
			return nil
		}
		if f.read || f.unread {
			if err := st.db.MarkRead(ctx, ref, f.read); err != nil {
				return err
			}
		}
		if f.star || f.unstar {
			if err := st.db.SetStarred(ctx, ref, f.star); err != nil {
				return err
			}
		}
		if f.verbose {
			fmt.Fprintln(out, ref)
		}
		return nil
	}
	for _, arg := range args {
		if arg != "-" {
			if err := mark(arg); err != nil {
				return err
			}
			continue
		}
		sc := bufio.NewScanner(cmd.InOrStdin())
		for sc.Scan() {
			if err := mark(sc.Text()); err != nil {
				return err
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("reading refs from stdin: %w", err)
		}
	}
	if failed {
		return errReported
	}
	return nil
}
