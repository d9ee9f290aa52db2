package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"bulletin/model"
)

// Opener says how the reader opens the files feed items carry (a
// podcast's audio, a video, an image) of one kind. The file's address is
// added as the last argument, and the program runs without a shell.
type Opener struct {
	// Command is the program and its first arguments: ["mpv", "--no-video"].
	Command []string
	// Terminal is true (the default) for a program that runs in the
	// terminal: the reader hands it the screen until it ends. False is for
	// a program with its own window, which runs beside the reader.
	Terminal bool
}

// openerKinds are the kinds an opener may be for, beside a full media
// type such as "audio/mpeg".
var openerKinds = []string{"audio", "video", "image"}

// decodeOpeners reads [openers]: each key a kind or a media type, each
// value a command (an array of strings) or a table with command and
// terminal. An error names the file and the line of the opener.
func decodeOpeners(name string, data []byte, raw map[string]any) (map[string]Opener, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make(map[string]Opener, len(raw))
	for _, k := range keys {
		kind := strings.ToLower(k)
		o, err := openerOf(raw[k])
		if err == nil {
			err = checkOpenerKind(kind)
		}
		if _, twice := out[kind]; err == nil && twice {
			err = errors.New("is set twice (case does not matter)")
		}
		if err != nil {
			return nil, fmt.Errorf("config: %s: openers.%s: %w", openerPos(name, data, k), model.CleanLine(k), err)
		}
		out[kind] = o
	}
	return out, nil
}

// checkOpenerKind accepts audio, video, image, or a media type such as
// audio/mpeg.
func checkOpenerKind(kind string) error {
	if slices.Contains(openerKinds, kind) {
		return nil
	}
	major, minor, ok := strings.Cut(kind, "/")
	if ok && isToken(major) && isToken(minor) {
		return nil
	}
	return errors.New("is not audio, video, image or a media type such as audio/mpeg")
}

// isToken reports a non-empty word of a media type: letters, digits and
// the punctuation RFC 6838 allows.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$&-^_.+", r)) {
			return false
		}
	}
	return true
}

const openerForm = `want a command such as ["mpv", "--no-video"], or a table such as { command = ["imv"], terminal = false }`

// openerOf reads one opener as decoded.
func openerOf(v any) (Opener, error) {
	o := Opener{Terminal: true}
	switch v := v.(type) {
	case []any:
		cmd, err := commandOf(v)
		o.Command = cmd
		return o, err
	case map[string]any:
		for key, val := range v {
			switch key {
			case "command":
				list, ok := val.([]any)
				if !ok {
					return o, errors.New("command: " + openerForm)
				}
				cmd, err := commandOf(list)
				if err != nil {
					return o, fmt.Errorf("command: %w", err)
				}
				o.Command = cmd
			case "terminal":
				b, ok := val.(bool)
				if !ok {
					return o, errors.New("terminal is true or false")
				}
				o.Terminal = b
			default:
				return o, fmt.Errorf("unknown key %q (command, terminal)", model.CleanLine(key))
			}
		}
		if o.Command == nil {
			return o, errors.New("has no command")
		}
		return o, nil
	}
	return o, errors.New(openerForm)
}

// commandOf reads a command: strings, the first naming the program.
func commandOf(list []any) ([]string, error) {
	if len(list) == 0 {
		return nil, errors.New("the command is empty")
	}
	cmd := make([]string, len(list))
	for i, v := range list {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("argument %d is not a string", i+1)
		}
		if model.CleanText(s) != s || strings.ContainsAny(s, "\n\t") {
			return nil, fmt.Errorf("argument %d holds control characters", i+1)
		}
		cmd[i] = s
	}
	if strings.TrimSpace(cmd[0]) == "" {
		return nil, errors.New("the command names no program")
	}
	return cmd, nil
}

// openerPos is the file and line where the opener key is set: in
// [openers], as a dotted key, or as a table [openers.key] of its own.
func openerPos(name string, data []byte, key string) string {
	return tablePos(name, data, "openers", key, "openers."+key)
}

// tablePos is the file and line where key of [section] is set, else the
// line of the table [table], else the file's name alone.
func tablePos(name string, data []byte, section, key, table string) string {
	d, err := index(data)
	if err != nil {
		return name
	}
	if at, ok := d.keyAt(section, key); ok {
		return fmt.Sprintf("%s:%d", name, d.line(at))
	}
	for _, s := range d.sections {
		if !s.array && s.name == table {
			return fmt.Sprintf("%s:%d", name, d.line(s.header))
		}
	}
	return name
}
