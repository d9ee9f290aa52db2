package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"

	"bulletin/model"
)

// PasswordEnv is the environment variable the sync password may come
// from, when [sync] has no password_command.
const PasswordEnv = "BULLETIN_SYNC_PASSWORD"

// Sync is [sync]: the feed server bulletin syncs with. The password is
// never in the file (and bulletin never writes it): password_command
// prints it, or PasswordEnv holds it.
type Sync struct {
	URL      string
	Username string
	// PasswordCommand is the program that prints the password, then its
	// arguments; run without a shell.
	PasswordCommand []string
	// file names the configuration in messages.
	file string
}

var syncKeys = []string{"url", "username", "password_command"}

// decodeSync reads [sync]; nil when the file has none. An error names the
// file and the line of the key that is wrong.
func decodeSync(name string, data []byte, raw map[string]any) (*Sync, error) {
	if raw == nil {
		return nil, nil
	}
	fail := func(key string, err error) error {
		return fmt.Errorf("config: %s: sync.%s: %w", syncPos(name, data, key), model.CleanLine(key), err)
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch {
		case k == "password":
			return nil, fail(k, fmt.Errorf("bulletin reads no password from its configuration: set password_command (e.g. [\"pass\", \"show\", \"feeds\"]) or the environment variable %s", PasswordEnv))
		case !slices.Contains(syncKeys, k):
			return nil, fail(k, fmt.Errorf("unknown key; [sync] takes %s", strings.Join(syncKeys, ", ")))
		}
	}
	s := &Sync{file: name}
	var ok bool
	if s.URL, ok = raw["url"].(string); !ok {
		return nil, fail("url", errors.New(`missing or not a string: want the server's address, e.g. "https://reader.example/"`))
	}
	if _, err := model.WebLink(s.URL); err != nil {
		return nil, fail("url", fmt.Errorf("%q is not an http or https address", model.CleanLine(s.URL)))
	}
	if s.Username, ok = raw["username"].(string); !ok || strings.TrimSpace(s.Username) == "" {
		return nil, fail("username", errors.New("missing or empty: want the user name on the server"))
	}
	if v, set := raw["password_command"]; set {
		argv, err := commandArgs(v)
		if err != nil {
			return nil, fail("password_command", err)
		}
		s.PasswordCommand = argv
	}
	return s, nil
}

// syncPos is where a key of [sync] is in the file: name:line, the line
// of [sync] for a missing key, or name.
func syncPos(name string, data []byte, key string) string {
	return tablePos(name, data, "sync", key, "sync")
}

// Password runs password_command and returns the first line it prints,
// or else the environment's PasswordEnv.
func (s *Sync) Password(ctx context.Context) (string, error) {
	if len(s.PasswordCommand) == 0 {
		if p, ok := os.LookupEnv(PasswordEnv); ok && p != "" {
			return p, nil
		}
		return "", fmt.Errorf("no password for %s: set password_command in [sync] of %s, or the environment variable %s", s.URL, s.file, PasswordEnv)
	}
	cmd := exec.CommandContext(ctx, s.PasswordCommand[0], s.PasswordCommand[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := model.CleanLine(strings.TrimSpace(stderr.String()))
		if msg != "" {
			msg = ": " + msg
		}
		return "", fmt.Errorf("password_command %q of %s failed: %v%s", s.PasswordCommand[0], s.file, err, msg)
	}
	line, _, _ := strings.Cut(string(out), "\n")
	line = strings.TrimRight(line, "\r")
	if line == "" {
		return "", fmt.Errorf("password_command %q of %s printed no password", s.PasswordCommand[0], s.file)
	}
	return line, nil
}
