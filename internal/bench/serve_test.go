package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
)

func TestParseProcStatus(t *testing.T) {
	status := "Name:\thjalpmedel\nVmPeak:\t 1802212 kB\nVmHWM:\t   76924 kB\nVmRSS:\t   70000 kB\nRssAnon:\t   54884 kB\nRssFile:\t   15116 kB\n"
	m, err := parseProcStatus(strings.NewReader(status))
	if err != nil {
		t.Fatal(err)
	}
	if want := (procMemory{RSS: 70000 << 10, Peak: 76924 << 10, Anon: 54884 << 10}); m != want {
		t.Errorf("got %+v, want %+v", m, want)
	}
	if _, err := parseProcStatus(strings.NewReader("Name:\tx\nVmRSS:\t 1 kB\n")); err == nil {
		t.Error("a status without VmHWM and RssAnon gives no error")
	}
}

// fakeServeEnv makes the test binary act as serve (TestFakeServe): "ok" prints
// the address line and answers /healthz until SIGTERM, "fail" exits at once.
const fakeServeEnv = "BENCH_FAKE_SERVE"

func TestFakeServe(t *testing.T) {
	switch os.Getenv(fakeServeEnv) {
	case "":
		t.Skip("the child of TestStartServe")
	case "fail":
		os.Exit(3)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("Hjälpmedel is running at http://%s/ (database: test)\n", ln.Addr())
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})}
	go hs.Serve(ln)
	<-ctx.Done()
	hs.Close()
}

// startServe finds the address in the child's output, waits for /healthz and
// reads the child's memory; stop ends it cleanly with SIGTERM. A child that
// ends before it serves is an error.
func TestStartServe(t *testing.T) {
	ctx := context.Background()
	t.Setenv(fakeServeEnv, "ok")
	p, err := startServe(ctx, os.Args[0], "-test.run=^TestFakeServe$")
	if err != nil {
		t.Fatal(err)
	}
	m, err := p.memory()
	if err != nil || m.RSS <= 0 || m.Peak < m.RSS {
		t.Errorf("the child's memory: %+v, %v", m, err)
	}
	if err := p.stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	t.Setenv(fakeServeEnv, "fail")
	if _, err := startServe(ctx, os.Args[0], "-test.run=^TestFakeServe$"); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Errorf("a child that exits at once: %v", err)
	}
}
