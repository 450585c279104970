package progress

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// clock is a fake time that moves a second at each reading.
func clock() func() time.Time {
	t := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Second); return t }
}

func TestPlainLinesAtEachTenth(t *testing.T) {
	var out bytes.Buffer
	b := newBar(&out, false, "population", "persons", 1000, clock())
	for done := 0; done <= 1000; done += 50 {
		b.Set(done)
	}
	b.Finish()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 10 {
		t.Fatalf("%d lines, want nine tenths and the end:\n%s", len(lines), out.String())
	}
	if want := "population  10% 100/1000 persons, "; !strings.HasPrefix(lines[0], want) {
		t.Errorf("first line %q, want it to start %q", lines[0], want)
	}
	if !strings.HasSuffix(lines[0], " left") || strings.Contains(out.String(), "\r") {
		t.Errorf("plain lines: %q", out.String())
	}
	if !strings.HasPrefix(lines[9], "population: 1000 persons in ") || !strings.HasSuffix(lines[9], "/s)") {
		t.Errorf("last line %q", lines[9])
	}
}

func TestTerminalBarRedrawsInPlace(t *testing.T) {
	var out bytes.Buffer
	b := newBar(&out, true, "sim", "days", 4, clock())
	for d := 1; d <= 4; d++ {
		b.Set(d)
	}
	b.Finish()
	s := out.String()
	if strings.Count(s, "\n") != 1 || !strings.Contains(s, "\rsim [") || !strings.Contains(s, "100% 4/4 days") || !strings.Contains(s, "0s left") {
		t.Errorf("terminal output %q", s)
	}
	if !strings.Contains(s, "sim [#######") || !strings.HasSuffix(s, "sim: 4 days in 5s (1/s)\n") {
		t.Errorf("bar or end: %q", s)
	}
}

func TestReaderCountsBytes(t *testing.T) {
	var out bytes.Buffer
	b := newBar(&out, false, "registry import", "bytes", 20, clock())
	data, err := io.ReadAll(b.Reader(strings.NewReader(strings.Repeat("x", 20))))
	if err != nil || len(data) != 20 {
		t.Fatal(err)
	}
	b.Finish()
	if !strings.Contains(out.String(), "registry import  50% 10/20 bytes") && !strings.Contains(out.String(), "registry import: 20 bytes in") {
		t.Errorf("output %q", out.String())
	}
}
