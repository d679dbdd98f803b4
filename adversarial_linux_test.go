package mkstemp

// Adversarial tests: a directory shared with an attacker, a process short
// of descriptors, inodes or space, and many goroutines and processes
// creating in one directory at once. Each checks that nothing was followed,
// truncated, leaked or left behind.

import (
	"bufio"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// within fails t if f has not returned after a minute: a call that blocks
// (say on opening a FIFO) would otherwise hang the whole run.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s: still blocked after a minute", what)
	}
}

// TestFIFOAndSocketAtName: a FIFO or a Unix socket at the chosen name is
// skipped at once, without opening it, and stays what it was.
func TestFIFOAndSocketAtName(t *testing.T) {
	base := t.TempDir()
	fifo := filepath.Join(base, "fifo", "tmpaaaaaaaa")
	sock := filepath.Join(base, "socket", "tmpaaaaaaaa")
	mkdirs(t, filepath.Dir(fifo), filepath.Dir(sock))
	if err := unix.Mkfifo(fifo, 0o666); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, special := range []string{fifo, sock} {
		dir := filepath.Dir(special)
		for _, op := range []string{"mkstemp", "mkdtemp"} {
			useNames(t, "aaaaaaaa", "bbbbbbbb")
			var path string
			within(t, op+" with "+special+" at the name", func() {
				if op == "mkstemp" {
					var fd int
					if fd, path, err = Mkstemp("", "", dir, false); err == nil {
						closeFd(t, fd, path)
					}
				} else {
					path, err = Mkdtemp("", "", dir)
				}
			})
			if err != nil || path != filepath.Join(dir, "tmpbbbbbbbb") {
				t.Errorf("%s past %s: %q, %v; want tmpbbbbbbbb", op, special, path, err)
			}
			if err := os.Remove(path); err != nil {
				t.Error(err)
			}
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode().Type() != fs.ModeNamedPipe {
		t.Errorf("the FIFO is now %v, %v", fi, err)
	}
	if fi, err := os.Lstat(sock); err != nil || fi.Mode().Type() != fs.ModeSocket {
		t.Errorf("the socket is now %v, %v", fi, err)
	}
}

// TestHardLinkAtName: a hard link to a victim file at the chosen name is
// skipped; the victim keeps its content, mode, time and link count.
func TestHardLinkAtName(t *testing.T) {
	base := t.TempDir()
	victim := filepath.Join(base, "victim")
	writeFile(t, victim, "precious")
	mtime := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := os.Chtimes(victim, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "dir")
	mkdirs(t, dir)
	if err := os.Link(victim, filepath.Join(dir, "tmpaaaaaaaa")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(victim, filepath.Join(dir, "tmpcccccccc")); err != nil {
		t.Fatal(err)
	}
	useNames(t, "aaaaaaaa", "bbbbbbbb", "cccccccc", "dddddddd")
	path, dpath := makeBoth(t, dir)
	if path != filepath.Join(dir, "tmpbbbbbbbb") || dpath != filepath.Join(dir, "tmpdddddddd") {
		t.Errorf("created %s and %s, want tmpbbbbbbbb and tmpdddddddd past the links", path, dpath)
	}
	fi, err := os.Stat(victim)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" || fi.Mode().Perm() != 0o644 || !fi.ModTime().Equal(mtime) ||
		fi.Sys().(*syscall.Stat_t).Nlink != 3 {
		t.Errorf("victim changed: %q, %v, %v, %d links", b, fi.Mode(), fi.ModTime(), fi.Sys().(*syscall.Stat_t).Nlink)
	}
}

// TestSymlinkedAndDotDotDirs: dir may be a symbolic link to a directory,
// pass through one, or hold "..": the call works, and the path returned is
// absolute and cleaned as CPython's abspath cleans it, without resolving
// links.
func TestSymlinkedAndDotDotDirs(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	mkdirs(t, real, filepath.Join(real, "sub"))
	link := filepath.Join(base, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(real)
	tests := []struct{ dir, want, realDir string }{
		{link, link, real},
		{filepath.Join(link, "sub"), filepath.Join(link, "sub"), filepath.Join(real, "sub")},
		{real + "/../real/./sub/", filepath.Join(real, "sub"), filepath.Join(real, "sub")},
		{"../real/sub", filepath.Join(real, "sub"), filepath.Join(real, "sub")},
		{"sub/..", real, real},
	}
	for _, tt := range tests {
		file, subdir := makeBoth(t, tt.dir)
		for _, p := range []string{file, subdir} {
			if !filepath.IsAbs(p) || filepath.Dir(p) != tt.want {
				t.Errorf("in %q: %s, want an absolute path in %s", tt.dir, p, tt.want)
			}
			if _, err := os.Lstat(filepath.Join(tt.realDir, filepath.Base(p))); err != nil {
				t.Errorf("in %q: %s is not in %s: %v", tt.dir, p, tt.realDir, err)
			}
		}
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode().Type() != fs.ModeSymlink {
		t.Errorf("the link is now %v, %v", fi, err)
	}
}

// TestDotDotAfterLinkIsCleanedFirst: the package cleans dir before it
// creates anything, so the path returned always names what was created.
// With a link to real/sub, "link/.." is the current directory for both
// functions. (CPython 3.13's mkdtemp makes the directory through the raw
// "link/..", which is real, and returns a path in the current directory,
// which names nothing it made; its mkstemp cleans first, as here. With
// "missing/..", CPython's mkdtemp fails and the package's succeeds.)
func TestDotDotAfterLinkIsCleanedFirst(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	mkdirs(t, real, filepath.Join(real, "sub"))
	cwd := filepath.Join(base, "cwd")
	mkdirs(t, cwd)
	if err := os.Symlink(filepath.Join(real, "sub"), filepath.Join(cwd, "link")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(cwd)
	for _, dir := range []string{"link/..", "missing/.."} {
		file, subdir := makeBoth(t, dir)
		for _, p := range []string{file, subdir} {
			if filepath.Dir(p) != cwd {
				t.Errorf("in %q: %s, want it in %s", dir, p, cwd)
			}
			if _, err := os.Lstat(p); err != nil {
				t.Errorf("in %q: the path returned names nothing: %v", dir, err)
			}
			os.Remove(p)
		}
	}
	if got := entries(t, real); !slices.Equal(got, []string{"sub"}) {
		t.Errorf("%s holds %v, want only sub", real, got)
	}
}

// TestDirRemovedOrReplaced: a dir removed after earlier calls, then
// replaced by a file, gives a clear error on the first name.
func TestDirRemovedOrReplaced(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "dir")
	mkdirs(t, dir)
	file, subdir := makeBoth(t, dir)
	for _, p := range []string{file, subdir, dir} {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	check := func(what string, errno error) {
		t.Helper()
		for _, op := range []string{"mkstemp", "mkdtemp"} {
			n := useNames(t)
			err := makeTemp(op, "", "", dir)
			var pe *fs.PathError
			if !errors.Is(err, errno) || !errors.As(err, &pe) || filepath.Dir(pe.Path) != dir {
				t.Errorf("%s, %s: %v, want %v naming a path in %s", what, op, err, errno, dir)
			}
			if n.Load() != 1 {
				t.Errorf("%s, %s: %d names tried, want 1", what, op, n.Load())
			}
		}
	}
	check("dir removed", syscall.ENOENT)
	writeFile(t, dir, "not a directory")
	check("dir replaced by a file", syscall.ENOTDIR)
	if b, _ := os.ReadFile(dir); string(b) != "not a directory" {
		t.Errorf("the file in dir's place holds %q", b)
	}
	if got := entries(t, base); !slices.Equal(got, []string{"dir"}) {
		t.Errorf("%s holds %v", base, got)
	}
}

// TestOutOfDescriptors lowers RLIMIT_NOFILE in a re-run of the test binary
// until no descriptor is free. Mkstemp then fails with EMFILE on its first
// name, 10,000 times, and leaks nothing; Mkdtemp, which needs no
// descriptor, still works; the default-directory probe, which needs one,
// finds no usable directory, as CPython's does, and caches nothing.
func TestOutOfDescriptors(t *testing.T) {
	if !isChild(t) {
		runChild(t, nil, nil)
		return
	}
	dir := t.TempDir()
	freshTempdir(t)
	before := openFds(t)
	var saved unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &saved); err != nil {
		t.Fatal(err)
	}
	lowered := saved
	lowered.Cur = uint64(before + 8)
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &lowered); err != nil {
		t.Fatal(err)
	}
	var fillers []int // take every descriptor still free under the limit
	for {
		fd, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			if err != unix.EMFILE {
				t.Fatal(err)
			}
			break
		}
		fillers = append(fillers, fd)
	}
	var errs []error
	n := useNames(t)
	for range 10000 {
		if _, _, err := Mkstemp("", "", dir, false); !errors.Is(err, syscall.EMFILE) {
			errs = append(errs, err)
		}
	}
	tried := n.Load()
	dpath, derr := Mkdtemp("", "", dir)
	_, gerr := Gettempdir()
	for _, fd := range fillers {
		unix.Close(fd)
	}
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &saved); err != nil {
		t.Fatal(err)
	}

	if len(errs) > 0 {
		t.Errorf("%d of 10,000 calls did not fail with EMFILE; the first: %v", len(errs), errs[0])
	}
	if tried != 10000 {
		t.Errorf("%d names tried for 10,000 calls, want 10,000: EMFILE must not be retried", tried)
	}
	if derr != nil {
		t.Errorf("Mkdtemp with no descriptor free: %v", derr)
	}
	if !errors.Is(gerr, fs.ErrNotExist) {
		t.Errorf("Gettempdir with no descriptor free: %v, want the not-exist error", gerr)
	}
	if got, err := Gettempdir(); err != nil {
		t.Errorf("Gettempdir once descriptors are free again: %q, %v", got, err)
	}
	if after := openFds(t); after != before {
		t.Errorf("%d descriptors open before, %d after", before, after)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{filepath.Base(dpath)}) {
		t.Errorf("%s holds %v, want only the directory %s", dir, got, filepath.Base(dpath))
	}
}

// TestFullFileSystem mounts tiny tmpfs file systems, in a re-run of the test
// binary in a private mount namespace: one out of inodes, one out of space.
// Out of inodes, both calls fail with ENOSPC on their first name; out of
// space, a file can still be created but not written, and the default-
// directory probe passes over both, leaving nothing behind.
func TestFullFileSystem(t *testing.T) {
	if !isChild(t) {
		inMountNamespace(t, nil)
		return
	}
	mountTmpfs := func(opts string) string {
		dir := t.TempDir()
		if err := unix.Mount("tmpfs", dir, "tmpfs", 0, opts); err != nil {
			missing(t, fmt.Sprintf("needs to mount a tmpfs (%s): root, or a user and a mount namespace; not allowed here: %v", opts, err))
		}
		t.Cleanup(func() { unix.Unmount(dir, 0) })
		return dir
	}
	noInodes := mountTmpfs("size=1m,nr_inodes=16")
	for i := 0; ; i++ {
		f, err := os.Create(filepath.Join(noInodes, "filler"+strconv.Itoa(i)))
		if err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
		f.Close()
	}
	noSpace := mountTmpfs("size=64k,nr_inodes=1000")
	filler, err := os.Create(filepath.Join(noSpace, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = filler.Write(make([]byte, 4096))
	}
	filler.Close()
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("filling %s: %v", noSpace, err)
	}
	inodesBefore, spaceBefore := entries(t, noInodes), entries(t, noSpace)

	for _, op := range []string{"mkstemp", "mkdtemp"} {
		n := useNames(t)
		if err := makeTemp(op, "", "", noInodes); !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("%s out of inodes: %v, want ENOSPC", op, err)
		}
		if n.Load() != 1 {
			t.Errorf("%s out of inodes: %d names tried, want 1", op, n.Load())
		}
	}
	fd, path, err := Mkstemp("", "", noSpace, false)
	if err != nil {
		t.Fatalf("Mkstemp out of space, where an empty file still fits: %v", err)
	}
	f := os.NewFile(uintptr(fd), path)
	if _, err := f.Write([]byte("x")); !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("writing out of space: %v, want ENOSPC", err)
	}
	f.Close()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}

	good := t.TempDir()
	clearTempEnv(t)
	freshTempdir(t)
	t.Setenv("TMPDIR", noInodes)
	t.Setenv("TEMP", noSpace)
	t.Setenv("TMP", good)
	if got, err := Gettempdir(); err != nil || got != good {
		t.Errorf("Gettempdir() = %q, %v; want %s past the full file systems", got, err, good)
	}
	if !slices.Equal(entries(t, noInodes), inodesBefore) || !slices.Equal(entries(t, noSpace), spaceBefore) || len(entries(t, good)) != 0 {
		t.Errorf("the probe left something behind: %v, %v, %v", entries(t, noInodes), entries(t, noSpace), entries(t, good))
	}
}

// TestManyGoroutines: 64 goroutines create 50 files each in one
// directory (2,000 with MKSTEMP_STRESS=1): 3,200 (128,000) distinct
// files, no error.
func TestManyGoroutines(t *testing.T) {
	each := stress(50, 2000)
	createConcurrently(t, t.TempDir(), 64, each)
	t.Logf("64 goroutines created %d files in one directory", 64*each)
}

// TestManyProcesses: 4 processes (re-runs of the test binary) create 1,000
// files each (5,000 with MKSTEMP_STRESS=1) in one directory at once: 4,000
// (20,000) distinct files, no error.
func TestManyProcesses(t *testing.T) {
	const procs = 4
	each := stress(1000, 5000)
	if isChild(t) {
		dir, out := os.Getenv("MKSTEMP_SHARED_DIR"), os.Getenv("MKSTEMP_PATHS")
		var b strings.Builder
		for range each {
			fd, path, err := Mkstemp("", "", dir, false)
			if err != nil {
				t.Fatal(err)
			}
			unix.Close(fd)
			b.WriteString(path + "\n")
		}
		if err := os.WriteFile(out, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	dir, outs := t.TempDir(), t.TempDir()
	bin := sharedTestBinary(t)
	var cmds []*exec.Cmd
	var outputs []*strings.Builder
	for i := range procs {
		cmd := exec.Command(bin, "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), childEnv+"="+t.Name(), "MKSTEMP_SHARED_DIR="+dir,
			"MKSTEMP_PATHS="+filepath.Join(outs, strconv.Itoa(i)))
		out := new(strings.Builder)
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outputs = append(cmds, cmd), append(outputs, out)
	}
	var all []string
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil || !strings.Contains(outputs[i].String(), "--- PASS: "+t.Name()) {
			t.Fatalf("process %d: %v\n%s", i, err, outputs[i])
		}
		f, err := os.Open(filepath.Join(outs, strconv.Itoa(i)))
		if err != nil {
			t.Fatal(err)
		}
		for s := bufio.NewScanner(f); s.Scan(); {
			all = append(all, s.Text())
		}
		f.Close()
	}
	slices.Sort(all)
	if len(all) != procs*each || len(slices.Compact(all)) != procs*each {
		t.Errorf("%d paths reported, %d distinct; want %d", len(all), len(slices.Compact(all)), procs*each)
	}
	if got := len(entries(t, dir)); got != procs*each {
		t.Errorf("%s holds %d files, want %d", dir, got, procs*each)
	}
	t.Logf("%d processes created %d files in one directory", procs, procs*each)
}

// TestConcurrentCleaner: while 8 goroutines create 100 files and 100
// directories each (500 with MKSTEMP_STRESS=1) and write through the files' descriptors, another
// removes everything it sees in the directory, as a temp cleaner would. No call fails, nothing
// panics, and the files' descriptors stay usable after their names go.
func TestConcurrentCleaner(t *testing.T) {
	const goroutines = 8
	each := stress(100, 500)
	dir := t.TempDir()
	stop := make(chan struct{})
	var removed int
	cleaned := make(chan struct{})
	go func() {
		defer close(cleaned)
		for {
			des, _ := os.ReadDir(dir)
			for _, de := range des {
				if os.RemoveAll(filepath.Join(dir, de.Name())) == nil {
					removed++
				}
			}
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	errs := make([]error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for range each {
				fd, path, err := Mkstemp("", "", dir, false)
				if err != nil {
					errs[g] = err
					return
				}
				f := os.NewFile(uintptr(fd), path)
				_, err = f.Write([]byte("data"))
				if cerr := f.Close(); err == nil {
					err = cerr
				}
				if err == nil {
					_, err = Mkdtemp("", "", dir)
				}
				if err != nil {
					errs[g] = err
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	<-cleaned
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	t.Logf("the cleaner removed %d of the %d files and directories while they were made", removed, 2*goroutines*each)
}

// TestMillionNames draws 1,000,000 names. Two of them are the same only by
// chance: with 37^8 names the expected number of equal pairs is 0.14, so
// "no duplicate at all" would fail a correct generator about one run in
// eight; more than 6 has a chance below 1e-9. The symbols of each place
// are then put to a chi-square test, with 36 degrees of freedom per place
// and 288 over all eight, at a significance level of 1e-9, which a correct
// generator fails about once in a billion runs. A generator with modulo
// bias (a random byte mod 37) is shown to fail the same test.
func TestMillionNames(t *testing.T) {
	const n = 1_000_000
	keys := make([]uint64, n)
	var counts [nameLen][len(alphabet)]int
	for i := range keys {
		name := randomName()
		for p, c := range name {
			s := strings.IndexByte(alphabet, c)
			counts[p][s]++
			keys[i] = keys[i]*37 + uint64(s)
		}
	}
	slices.Sort(keys)
	dups := n - len(slices.Compact(keys))
	expected := float64(n) * (n - 1) / 2 / nameSpace
	if dups > 6 {
		t.Errorf("%d equal pairs among %d names, expected %.2f", dups, n, expected)
	}
	t.Logf("%d names, %d equal pairs (expected %.2f)", n, dups, expected)
	perPlace, total := chiSquare(counts, n)
	checkChiSquare(t, "the names", perPlace, total, false)

	// Control: a byte mod 37 favours the first 34 symbols (7/256 against
	// 6/256), and the test must see it.
	var biased [nameLen][len(alphabet)]int
	r := make([]byte, n*nameLen)
	rand.Read(r)
	for i, c := range r {
		biased[i%nameLen][c%37]++
	}
	perPlace, total = chiSquare(biased, n)
	checkChiSquare(t, "control: byte mod 37", perPlace, total, true)
}

// chiSquare returns the chi-square statistic of each place of counts,
// against a uniform distribution of n draws, and their sum.
func chiSquare(counts [nameLen][len(alphabet)]int, n int) (perPlace [nameLen]float64, total float64) {
	e := float64(n) / float64(len(alphabet))
	for p := range counts {
		for _, o := range counts[p] {
			perPlace[p] += (float64(o) - e) * (float64(o) - e) / e
		}
		total += perPlace[p]
	}
	return perPlace, total
}

// chiSquareCritical is the value a chi-square variable with k degrees of
// freedom exceeds with probability 1e-9, by the Wilson-Hilferty
// approximation (within a fraction of a percent here): 113.2 for 36,
// 456.6 for 288.
func chiSquareCritical(k float64) float64 {
	const z = 5.9978 // the normal quantile of 1 - 1e-9
	return k * math.Pow(1-2/(9*k)+z*math.Sqrt(2/(9*k)), 3)
}

// checkChiSquare fails t unless the statistics are all below the critical
// values, or, for a control that must be rejected, unless the total is
// above its critical value.
func checkChiSquare(t *testing.T, what string, perPlace [nameLen]float64, total float64, reject bool) {
	t.Helper()
	dof := float64(len(alphabet) - 1)
	critPlace, critTotal := chiSquareCritical(dof), chiSquareCritical(nameLen*dof)
	t.Logf("%s: chi-square %.1f over all places (critical %.1f), per place %.1f (critical %.1f)", what, total, critTotal, perPlace, critPlace)
	if reject {
		if total <= critTotal {
			t.Errorf("%s: chi-square %.1f does not exceed %.1f: the test cannot see a biased generator", what, total, critTotal)
		}
		return
	}
	if total > critTotal {
		t.Errorf("%s: chi-square %.1f over all places exceeds %.1f", what, total, critTotal)
	}
	for p, x := range perPlace {
		if x > critPlace {
			t.Errorf("%s: chi-square %.1f in place %d exceeds %.1f", what, x, p, critPlace)
		}
	}
}
