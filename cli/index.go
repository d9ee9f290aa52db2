package cli

import (
	"github.com/spf13/cobra"

	"bulletin/model"
)

func newIndexCmd() *cobra.Command {
	var batch int
	cmd := &cobra.Command{
		Use:   "index [SOURCE...]",
		Short: "Bring the library store's index of the sources up to date",
		Long: "Read the sources into the library store: their headlines, so that bulletin lists\n" +
			"them at once next time, and their text, for search and \"more like this\".\n" +
			"Only files that changed since the last time are read. Progress goes to stderr,\n" +
			"a line for each batch of files saved. SOURCE is as for list; with none, your\n" +
			"library. bulletin indexes by itself when it needs to; this does it ahead.",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runIndex(cmd, args, batch)
		},
	}
	cmd.Flags().IntVar(&batch, "batch", 0, "files saved per transaction (default 1000)")
	_ = cmd.Flags().MarkHidden("batch")
	return cmd
}

func runIndex(cmd *cobra.Command, args []string, batch int) error {
	sel, err := openSelection(args)
	if err != nil {
		return err
	}
	sel.warn(cmd.ErrOrStderr())
	st, err := openWritableStore(cmd, sel)
	if err != nil {
		return err
	}
	defer st.Close()
	st.lib.BatchSize = batch
	ctx := cmd.Context()
	stderr := cmd.ErrOrStderr()
	p := newProgress(stderr, isTerminal(stderr), true)
	defer p.done()
	var stats model.ScanStats
	err = st.lib.Update(ctx, p.report, func(r model.ScanResult) {
		p.clear()
		stats.Count(r)
		cmd.PrintErrf("bulletin: %v\n", trimPrefix(r.Err))
	})
	if err != nil {
		return err
	}
	if err := st.lib.IndexTextProgress(ctx, p.report); err != nil {
		return err
	}
	if stats.Errors > 0 {
		return errReported
	}
	return nil
}
