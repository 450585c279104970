package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// serveProcess is `hjalpmedel serve` run as a child of the bench: the modes
// in servedApart measure the real server, whose memory is then its own and
// not mixed with that of the bench's clients.
type serveProcess struct {
	cmd    *exec.Cmd
	cancel context.CancelFunc
	base   string        // http://127.0.0.1:port
	exited chan struct{} // closed when the process has ended
	err    error         // how it ended, once exited is closed
}

// serveStartLimit is how long the server may take to answer /healthz (it
// migrates the database first).
const serveStartLimit = 2 * time.Minute

// serveStopGrace is how long the server may take to finish after SIGTERM
// before it is killed.
const serveStopGrace = 20 * time.Second

// runningAt finds the address in serve's first line, "Hjälpmedel is running at http://…/".
var runningAt = regexp.MustCompile(`running at (http://[^/\s]+)/`)

// startServe starts bin with args (serve and its flags, --addr 127.0.0.1:0 so
// the system picks a free port) and waits until it answers /healthz. It gets
// the bench's environment but none of the HJALPMEDEL_* settings, so only args
// set it up; its stderr goes to the bench's.
func startServe(ctx context.Context, bin string, args ...string) (*serveProcess, error) {
	cctx, cancel := context.WithCancel(ctx)
	cmd := exec.CommandContext(cctx, bin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = serveStopGrace
	cmd.Env = []string{}
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "HJALPMEDEL_") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	cmd.Stderr = os.Stderr
	out, w := io.Pipe()
	cmd.Stdout = w
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, err
	}
	p := &serveProcess{cmd: cmd, cancel: cancel, exited: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := runningAt.FindStringSubmatch(sc.Text()); m != nil && len(addr) == 0 {
				addr <- m[1]
			}
		}
		io.Copy(io.Discard, out) // a line too long for the scanner
	}()
	go func() {
		p.err = cmd.Wait()
		if errors.Is(p.err, context.Canceled) {
			p.err = nil // stopped by stop (or the bench's end) and ended cleanly: exec reports the cancellation
		}
		w.Close()
		close(p.exited)
	}()
	fail := func(err error) (*serveProcess, error) {
		p.stop()
		return nil, fmt.Errorf("bench: start %s: %w", strings.Join(append([]string{bin}, args...), " "), err)
	}
	limit := time.After(serveStartLimit)
	select {
	case p.base = <-addr:
	case <-p.exited:
		return fail(fmt.Errorf("it ended before it was running: %v", p.err))
	case <-limit:
		return fail(errors.New("it printed no address"))
	}
	for {
		if r, err := http.Get(p.base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		select {
		case <-p.exited:
			return fail(fmt.Errorf("it ended: %v", p.err))
		case <-limit:
			return fail(fmt.Errorf("no answer from %s/healthz", p.base))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop ends the server as an operator would (SIGTERM, which lets requests in
// flight finish) and waits for it; an exit other than a clean one is an error.
func (p *serveProcess) stop() error {
	p.cancel()
	<-p.exited
	return p.err
}

// memory reads the server's resident memory now and at its peak so far.
func (p *serveProcess) memory() (procMemory, error) {
	return readProcMemory(p.cmd.Process.Pid)
}

// procMemory is a process's resident memory, in bytes.
type procMemory struct {
	RSS  int64 // VmRSS: resident now
	Peak int64 // VmHWM: the most that was resident at any moment
	// Anon is RssAnon, the part of RSS that is the heaps (Go's and SQLite's
	// caches); the rest is mapped files: the binary, and the database file
	// while a job's snapshot maps it (clean pages the kernel can drop).
	Anon int64
}

// readProcMemory reads /proc/<pid>/status (Linux).
func readProcMemory(pid int) (procMemory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procMemory{}, err
	}
	defer f.Close()
	return parseProcStatus(f)
}

func parseProcStatus(r io.Reader) (procMemory, error) {
	var m procMemory
	fields := map[string]*int64{"VmRSS": &m.RSS, "VmHWM": &m.Peak, "RssAnon": &m.Anon}
	found := 0
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), ":")
		dst := fields[name]
		if !ok || dst == nil {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		if err != nil {
			return procMemory{}, fmt.Errorf("/proc status %s: %w", name, err)
		}
		*dst = kb << 10
		found++
	}
	if err := sc.Err(); err != nil {
		return procMemory{}, err
	}
	if found < len(fields) {
		return procMemory{}, errors.New("/proc status: no VmRSS, VmHWM or RssAnon")
	}
	return m, nil
}
