package picture

import (
	"bytes"
	"testing"

	"github.com/charmbracelet/x/ansi/sixel"
)

// BenchmarkSixelEncoders compares this package's Sixel encoder with
// x/ansi's on a 600×400 photo-like picture.
func BenchmarkSixelEncoders(b *testing.B) {
	src := Scale(gradient(1200, 800), 600, 400)
	b.Run("picture", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			encodeSixel(&buf, src)
		}
	})
	b.Run("x-ansi", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			(&sixel.Encoder{}).Encode(&buf, src)
		}
	})
}
