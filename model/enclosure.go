package model

import (
	"fmt"
	"net/url"
	"path"
	"strings"
)

// Enclosure is a file a feed item carries: a podcast's audio, a video, an
// image. Sources give only http and https URLs.
type Enclosure struct {
	URL string
	// Type is the media type the feed gives, "" when none.
	Type string
	// Length is the size in bytes the feed gives, 0 when unknown.
	Length int64
}

// MediaType is the enclosure's media type in lower case without
// parameters: the feed's, else one guessed from the extension of a common
// media file's name, else "".
func (e Enclosure) MediaType() string {
	if t := bareMediaType(e.Type); t != "" {
		return t
	}
	return mediaExtensions[strings.ToLower(path.Ext(e.urlPath()))]
}

// mediaExtensions are the types of common media files. The system's table
// of types (package mime) is not used: it differs from one machine to
// another, and so would what an opener is chosen for.
var mediaExtensions = map[string]string{
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg",
	".opus": "audio/opus", ".flac": "audio/flac", ".wav": "audio/wav", ".aac": "audio/aac",
	".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime", ".mkv": "video/x-matroska",
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
}

// Kind is the first part of the media type ("audio", "video", "image"),
// "" when the type is not known.
func (e Enclosure) Kind() string {
	kind, _, _ := strings.Cut(e.MediaType(), "/")
	return kind
}

// FileName is the last part of the URL's path, unescaped and cleaned for
// the screen, else the URL's host.
func (e Enclosure) FileName() string {
	if name := path.Base(e.urlPath()); name != "." && name != "/" && name != "" {
		if un, err := url.PathUnescape(name); err == nil {
			name = un
		}
		if name = CleanLine(name); name != "" {
			return name
		}
	}
	if u, err := url.Parse(e.URL); err == nil && u.Host != "" {
		return CleanLine(u.Hostname())
	}
	return CleanLine(e.URL)
}

// Describe is the enclosure in one line: type, size (when known) and file
// name, such as "audio/mpeg · 34.2 MB · episode.mp3".
func (e Enclosure) Describe() string {
	typ := CleanLine(e.MediaType())
	if typ == "" {
		typ = "unknown type"
	}
	parts := []string{typ}
	if e.Length > 0 {
		parts = append(parts, FileSize(e.Length))
	}
	return strings.Join(append(parts, e.FileName()), " · ")
}

func (e Enclosure) urlPath() string {
	u, err := url.Parse(e.URL)
	if err != nil {
		return ""
	}
	return u.Path
}

// bareMediaType is a media type without its parameters, in lower case;
// "" when it is not of the form type/subtype.
func bareMediaType(t string) string {
	t, _, _ = strings.Cut(t, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	major, minor, ok := strings.Cut(t, "/")
	if !ok || major == "" || minor == "" || strings.ContainsAny(t, " \t") {
		return ""
	}
	return t
}

// FileSize says a size in bytes the way people read it, in decimal units:
// "812 B", "34.2 MB", "1.5 GB".
func FileSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v := float64(n)
	for _, u := range []string{"kB", "MB", "GB", "TB"} {
		v /= unit
		if v < unit || u == "TB" {
			if v < 100 {
				return fmt.Sprintf("%.1f %s", v, u)
			}
			return fmt.Sprintf("%.0f %s", v, u)
		}
	}
	return ""
}
