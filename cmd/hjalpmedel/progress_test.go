package main

import (
	"bytes"
	"strings"
	"testing"
)

// seed --scale reports each phase with a size as progress (plain lines when
// not on a terminal) and its messages as lines.
func TestScaleProgress(t *testing.T) {
	var out bytes.Buffer
	report, finish := scaleProgress(&out)
	report("organisation: 5 customers", "", 0, 0)
	for done := 100; done <= 1000; done += 100 {
		report("population", "persons", done, 1000)
	}
	report("indexes", "", 0, 0)
	finish()
	s := out.String()
	for _, want := range []string{"organisation: 5 customers\n", "population  50% 500/1000 persons", "population: 1000 persons in ", "indexes\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("progress lacks %q:\n%s", want, s)
		}
	}
	if strings.Index(s, "population: 1000 persons") > strings.Index(s, "indexes") {
		t.Errorf("the phase did not end before the next message:\n%s", s)
	}
}
