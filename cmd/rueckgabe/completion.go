package main

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"rueckgabe/store"
	"rueckgabe/textsafe"
)

// completionLockWait bounds how long a Tab waits for a store another
// window holds: no completion rather than a hanging shell.
const completionLockWait = 300 * time.Millisecond

// completions teaches the shell (rueckgabe completion bash|zsh|fish|
// powershell) the protocol ids of the store where a command takes one, and
// the fixed values of --format, --status and --role.
func (a *app) completions(root *cobra.Command) {
	for _, name := range []string{"seal", "export", "amend", "attach", "detach"} {
		if c := sub(root, name); c != nil {
			c.ValidArgsFunction = a.completeID
		}
	}
	statuses := make([]string, len(store.Statuses))
	for i, s := range store.Statuses {
		statuses[i] = string(s)
	}
	for _, f := range []struct {
		path, flag string
		values     []string
	}{
		{"list", "status", statuses},
		{"export", "format", []string{"json", "bundle", "pdf", "archive"}},
		{"report", "format", []string{"csv", "excel-csv", "xlsx", "json"}},
		{"report", "status", statuses},
		{"trust add", "role", []string{"device", "publisher"}},
	} {
		c := sub(root, f.path)
		if c == nil || c.Flags().Lookup(f.flag) == nil {
			continue
		}
		values := f.values
		_ = c.RegisterFlagCompletionFunc(f.flag, func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		})
	}
}

// sub finds a command by its path below root ("trust add").
func sub(root *cobra.Command, path string) *cobra.Command {
	c, rest, err := root.Find(strings.Fields(path))
	if err != nil || len(rest) > 0 || c == root {
		return nil
	}
	return c
}

// completeID offers the store's protocol ids, each with its plate and
// status, for a command's first argument; later arguments are files.
func (a *app) completeID(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveDefault
	}
	dir, err := a.resolveDir()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	_ = store.With(dir, store.Options{ReadOnly: true, LockTimeout: completionLockWait}, func(s *store.Store) error {
		recs, err := s.ListSummaries(store.Query{})
		if err != nil {
			return err
		}
		for _, r := range recs {
			if !strings.HasPrefix(r.ID, toComplete) {
				continue
			}
			desc := strings.TrimSpace(textsafe.Line(r.Summary.Plate) + " " + string(r.Status))
			out = append(out, cobra.CompletionWithDesc(textsafe.Line(r.ID), desc))
		}
		return nil
	})
	return out, cobra.ShellCompDirectiveNoFileComp
}
