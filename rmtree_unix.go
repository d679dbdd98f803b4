//go:build unix

package mkstemp

import (
	"errors"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// raceRetries bounds how often the remover looks again at an entry that
// changed type under it (a directory swapped for a link, say), or reads
// again a directory that filled again while it was being emptied.
const raceRetries = 100

// One removeAll holds at most a quarter of the soft RLIMIT_NOFILE
// descriptors open at once, whatever the depth of the tree, but at least
// minDirFDs and at most maxDirFDsCap (see dirFDLimit). In a deeper tree
// the directories nearest the top are closed on the way down and opened
// again through ".." on the way up.
const (
	minDirFDs    = 8
	maxDirFDsCap = 4096
)

// maxWorkers bounds the goroutines of one removeAll (see
// [remover.fanOut]), besides GOMAXPROCS: a file system gains little from
// more removals at once than that, and the descriptors are shared.
var maxWorkers = 4

// minWorkerFDs is the fewest frames a worker of fanOut may keep open: its
// own top and a few below it.
const minWorkerFDs = 4

// fanOutAfter is how many entries a removeAll meets before it fans out:
// waking a goroutine on another CPU costs as much as removing a few
// entries, and a small tree (a test's temporary directory) is removed
// sooner by one (fanning out from the first entry, 4 directories of 4
// files took 1.23× the time of os.RemoveAll on two CPUs).
var fanOutAfter = 256

// errMoved is the error for a directory that, opened again through ".."
// on the way up, is no longer the one that was opened on the way down:
// the tree was moved while it was being removed.
var errMoved = errors.New("directory moved while it was being removed")

// errMountRoot is returned by openLockedDirAt for a mount point, which is
// neither opened up nor entered.
var errMountRoot = errors.New("mount point")

// errNotOwner is returned by openLockedDirAt for a directory whose mode the
// process may not change (EPERM): the open's refusal, EACCES, stands, and
// is what is said.
var errNotOwner = errors.New("not the owner")

// testHookEntered, if set, is called with the path of each directory the
// remover has just entered, so that a test can change the tree at a known
// moment.
var testHookEntered func(path string)

// removeAll removes path and everything in it, and returns what it could
// not remove. It refuses a path that ends in "", "." or "..", or that is
// a root, before it opens anything.
//
// It works relative to open directory descriptors: after the directory
// holding path is opened, no path is followed again, and no symbolic link
// is ever followed (every directory is opened with O_NOFOLLOW and
// O_DIRECTORY), so swapping a directory in the tree for a link while it
// runs cannot make it touch anything outside. It does not go into a mount
// inside the tree, and it never changes the mode of anything but a
// directory of the tree that refused an operation with EACCES (see
// [remover.openUp]).
//
// It walks the tree with an explicit stack, not recursion, holding at most
// a quarter of the soft RLIMIT_NOFILE descriptors open at once, within
// [minDirFDs, maxDirFDsCap] (see dirFDLimit), so that it removes a tree
// of any depth. A directory closed on the way down to stay within
// the bound is opened again on the way up through ".." of its child, and
// trusted only if its device and inode are those it had on the way down;
// otherwise nothing more above that child is touched. Once it has met
// fanOutAfter entries, it removes the directories left in the directory it
// is emptying on several goroutines at once (see [remover.fanOut]).
func removeAll(path string) []error {
	return removeDir(path, nil)
}

// removeDir is removeAll, but that, if want is not nil, the top must be
// the directory want: the top is opened (with O_NOFOLLOW|O_DIRECTORY) and
// that descriptor checked before anything is changed, and anything else at
// the name (another directory, a file, a link) is left untouched and
// reported with errNotMade. Before the top itself is removed, its name is
// looked at again, so that a directory moved into its place while the tree
// was removed is not removed instead of it: only a rename in that instant
// could still make it so.
func removeDir(path string, want *fileID) []error {
	dir, base, err := splitTop(path)
	if err != nil {
		return []error{err}
	}
	// Removing entries needs write and search permission on the parent,
	// not read permission: open it for searching only where the system can.
	pfd, err := openDir(unix.AT_FDCWD, dir, searchOnly)
	if err != nil {
		if err == unix.ENOENT {
			return nil
		}
		return []error{&fs.PathError{Op: "open", Path: dir, Err: err}}
	}
	defer unix.Close(pfd)
	r := remover{top: path, want: want, parentFD: pfd, maxOpen: dirFDLimit(), lo: 1, workers: min(runtime.GOMAXPROCS(0), maxWorkers)}
	if r.parentInfo, err = statDir(pfd, 0); err != nil {
		return []error{&fs.PathError{Op: "fstat", Path: dir, Err: err}}
	}
	r.run(base)
	return r.errs
}

// dirFDLimit returns how many directories of the tree removeAll keeps open
// at once: a quarter of the soft limit on open files, within [minDirFDs,
// maxDirFDsCap], less the three it may hold besides (the top's parent, one
// opened through "..", and one opened to change a mode, to read, or to go
// down), so that the quarter bounds them all.
func dirFDLimit() int {
	n := maxDirFDsCap
	var rl unix.Rlimit
	// Cur is int64 on some systems, and RLIM_INFINITY may be -1 there.
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &rl) == nil && rl.Cur > 0 && uint64(rl.Cur)/4 < uint64(n) {
		n = max(int(uint64(rl.Cur)/4), minDirFDs)
	}
	return n - 3
}

// A dirInfo is what statDir learns of a directory open as a descriptor.
type dirInfo struct {
	id        fileID
	mode      uint32 // permission, setuid, setgid and sticky bits
	mountRoot bool   // the root of a mount: not entered
}

// entryType is what a directory entry says of its file.
type entryType uint8

const (
	typeUnknown entryType = iota // to be asked with fstatat
	typeDir
	typeOther // a file, a link, a FIFO, a socket, a device: unlinked
)

// remover is one removeAll: a stack of the directories from the top down
// to the one being emptied.
type remover struct {
	top        string  // the path removeAll was given
	want       *fileID // what the top must be, if not nil (see removeDir)
	parentFD   int     // the directory holding the top, open throughout
	parentInfo dirInfo // and what it is
	maxOpen    int     // how many frames may have a descriptor at once
	open       int     // how many have one
	lo         int     // the frames from 1 to lo-1 have none, the others one
	stack      []frame
	rd         dirReader
	errs       []error

	// workers is how many goroutines fanOut may use: 0 for a worker of
	// fanOut, and once one gave a directory back.
	workers int
	entries int // entries met in the directories read
	// openUpParent is set for a worker of fanOut: it opens up the
	// directory the worker works in, which is a frame of another remover.
	openUpParent   func() bool
	parentOpenedUp bool // openUpParent was called
	// giveBack is set by a worker whose directory is to be removed again
	// by the remover that handed it out: it was moved away and something
	// else took its name, or the process had no descriptor left.
	giveBack bool
}

// frame is a directory of the tree on the remover's stack.
type frame struct {
	name       string          // its name in the directory one up
	info       dirInfo         // what it was when it was opened from there
	fd         int             // -1 while closed to stay within maxOpen
	opened     bool            // its mode was changed to 0700: put back if it stays
	read       bool            // read to the end in this pass
	passes     int             // times it was read
	active     bool            // the last pass met an entry not in failed
	unreadable bool            // reading it failed, which was said: not read again
	subdirs    []string        // directories met in it, still to remove
	failed     map[string]bool // entries that could not be removed, not tried again
	races      int             // entries looked at again after they changed type
}

// fail records an error for the entry name of the frame at depth i
// (name "": the frame itself).
func (r *remover) fail(op string, i int, name string, err error) {
	r.errs = append(r.errs, &fs.PathError{Op: op, Path: r.path(i, name), Err: err})
}

// path returns the path of name in the frame at depth i, for errors; the
// top's for i == -1.
func (r *remover) path(i int, name string) string {
	if i < 0 {
		return r.top
	}
	var b strings.Builder
	b.WriteString(r.top)
	for j := 1; j <= i; j++ {
		// Only the name: fanOut's workers call this while one of them
		// may change another field of a frame (see openUp).
		b.WriteByte('/')
		b.WriteString(r.stack[j].name)
	}
	if name != "" {
		b.WriteByte('/')
		b.WriteString(name)
	}
	return b.String()
}

// dirFD returns the descriptor of the frame at depth i, or of the top's
// parent for i == -1.
func (r *remover) dirFD(i int) int {
	if i < 0 {
		return r.parentFD
	}
	return r.stack[i].fd
}

// run removes base, in the top's parent, with all it holds.
func (r *remover) run(base string) {
	if !r.enter(-1, base) {
		return
	}
	for len(r.stack) > 0 {
		i := len(r.stack) - 1
		f := &r.stack[i]
		switch {
		case !f.read:
			r.readFrame(i)
		case len(f.subdirs) > 1 && r.workers > 1 && r.entries >= fanOutAfter && r.fanOut(i):
		case len(f.subdirs) > 0:
			name := f.subdirs[len(f.subdirs)-1]
			f.subdirs = f.subdirs[:len(f.subdirs)-1]
			r.enter(i, name)
		default:
			r.leave(i)
		}
	}
}

// readFrame reads the directory of the frame at depth i to its end,
// unlinks what is not a directory and notes the directories in subdirs.
func (r *remover) readFrame(i int) {
	f := &r.stack[i]
	f.read = true
	f.active = false
	err := r.rd.start(f.fd, f.passes > 0)
	for (err == unix.EMFILE || err == unix.ENFILE) && r.closeNearestTop() {
		// Where reading opens a descriptor of its own (not Linux).
		r.maxOpen = r.open
		err = r.rd.start(f.fd, f.passes > 0)
	}
	if err == unix.EACCES && r.openUp(i) {
		err = r.rd.start(f.fd, f.passes > 0)
	}
	if err != nil {
		r.fail("open", i, "", err)
		f.unreadable = true
		return
	}
	f.passes++
	for {
		name, typ, err := r.rd.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			r.fail("readdirent", i, "", err)
			f.unreadable = true
			break
		}
		if f.failed[name] {
			continue
		}
		f.active = true
		r.entries++
		r.removeEntry(i, name, typ)
	}
	r.rd.stop()
}

// removeEntry removes the entry name of the frame at depth i if it is not
// a directory, and notes it in subdirs if it is. name may be a view of
// the directory reader's buffer: it is copied where it is kept.
func (r *remover) removeEntry(i int, name string, typ entryType) {
	f := &r.stack[i]
	if typ == typeUnknown {
		var st unix.Stat_t
		err := ignoringEINTR(func() error { return unix.Fstatat(f.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) })
		switch {
		case err == unix.ENOENT:
			return
		case err != nil:
			r.failEntry(i, "fstatat", name, err)
			return
		case st.Mode&unix.S_IFMT == unix.S_IFDIR:
			typ = typeDir
		default:
			typ = typeOther
		}
	}
	if typ == typeDir {
		f.subdirs = append(f.subdirs, strings.Clone(name))
		return
	}
	// A file, a link, a FIFO, a socket: unlinking needs rights on the
	// directory only, and the entry itself is never changed.
	err := r.unlinkat(f.fd, name, 0)
	if err == unix.EACCES && r.openUp(i) {
		err = r.unlinkat(f.fd, name, 0)
	}
	switch err {
	case nil, unix.ENOENT:
	case unix.EISDIR, unix.EPERM:
		// A directory: Linux says EISDIR, others EPERM (which may also
		// be a refusal, said if it turns out not to be a directory).
		// It took the name since the directory was read, or the entry
		// did not say.
		f.subdirs = append(f.subdirs, strings.Clone(name))
	default:
		r.failEntry(i, "unlinkat", name, err)
	}
}

// failEntry records that the entry name of the frame at depth i could not
// be removed, and keeps it from being tried again in this removeAll.
func (r *remover) failEntry(i int, op, name string, err error) {
	r.fail(op, i, name, err)
	if i >= 0 {
		r.stack[i].markFailed(name)
	}
}

// enter opens the directory name of the frame at depth i (-1: the top's
// parent) and pushes it, unless it is a mount point, which it tries to
// remove as it is, or no longer a directory, which it unlinks. It reports
// whether it pushed a frame. The top, if it must be r.want, is checked
// before anything is changed, and left as it is if it is something else.
func (r *remover) enter(i int, name string) bool {
	pfd, pdev := r.dirFD(i), r.info(i).id.dev
	var want *fileID
	if i < 0 {
		want = r.want
	}
	for {
		op := "openat"
		fd, err := openDir(pfd, name, unix.O_NOFOLLOW)
		opened, mode := false, uint32(0)
		if err == unix.EACCES {
			// Locked by its owner (mode 0000 or 0300), or the frame
			// refuses search: open up the one that refuses, never a
			// mount point.
			fd, mode, op, err = openLockedDirAt(pfd, name, pdev, want)
			if err == unix.EACCES && r.openUp(i) {
				continue
			}
			if err == errNotOwner {
				err = unix.EACCES
			}
			opened = err == nil
		}
		if (err == unix.EMFILE || err == unix.ENFILE) && r.closeNearestTop() {
			// The process holds more descriptors than the bound left
			// for others (other goroutines, other Cleanups): keep one
			// fewer open from now on, and try again.
			r.maxOpen = r.open
			continue
		}
		switch err {
		case nil:
		case unix.ENOENT:
			return false
		case errNotMade:
			r.fail("cleanup", i, "", err)
			return false
		case errMountRoot:
			r.removeMountPoint(i, name)
			return false
		default:
			// Not a directory, or no longer: a link or a file took its
			// place (Linux says ELOOP or ENOTDIR, FreeBSD EMLINK, NetBSD
			// EFTYPE), or a refusal.
			var st unix.Stat_t
			serr := unix.Fstatat(pfd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
			switch {
			case serr == unix.ENOENT:
				return false
			case serr == nil && st.Mode&unix.S_IFMT != unix.S_IFDIR && want != nil:
				r.fail("cleanup", i, "", errNotMade)
				return false
			case serr == nil && st.Mode&unix.S_IFMT != unix.S_IFDIR:
				if r.unlinkNonDir(i, name) {
					continue
				}
				return false
			}
			r.failEntry(i, op, name, err)
			return false
		}
		info, err := statDir(fd, pdev)
		if err == nil && want != nil && !info.id.same(*want) {
			err = errNotMade
		}
		if err != nil {
			if opened {
				unix.Fchmod(fd, mode)
			}
			unix.Close(fd)
			if err == errNotMade {
				r.fail("cleanup", i, "", err)
			} else {
				r.failEntry(i, "fstat", name, err)
			}
			return false
		}
		if opened {
			info.mode = mode
		}
		if info.mountRoot {
			unix.Close(fd)
			r.removeMountPoint(i, name)
			return false
		}
		r.push(frame{name: name, info: info, fd: fd, opened: opened})
		if testHookEntered != nil {
			testHookEntered(r.path(len(r.stack)-1, ""))
		}
		return true
	}
}

// info returns what the frame at depth i is (-1: the top's parent).
func (r *remover) info(i int) dirInfo {
	if i < 0 {
		return r.parentInfo
	}
	return r.stack[i].info
}

// unlinkNonDir unlinks name, which the frame at depth i holds and which
// turned out not to be a directory when it was opened. It reports true if
// a directory took the name meanwhile, to be entered again.
func (r *remover) unlinkNonDir(i int, name string) bool {
	err := r.unlinkat(r.dirFD(i), name, 0)
	switch err {
	case nil, unix.ENOENT:
		return false
	case unix.EISDIR, unix.EPERM:
		if i >= 0 && r.stack[i].races < raceRetries {
			r.stack[i].races++
			var st unix.Stat_t
			if unix.Fstatat(r.dirFD(i), name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR {
				return true
			}
		}
	}
	r.failEntry(i, "unlinkat", name, err)
	return false
}

// removeMountPoint tries to remove name, a mount point in the frame at
// depth i, as it is: the system refuses (EBUSY) unless it was unmounted
// meanwhile.
func (r *remover) removeMountPoint(i int, name string) {
	if err := r.unlinkat(r.dirFD(i), name, unix.AT_REMOVEDIR); err != nil && err != unix.ENOENT {
		r.failEntry(i, "unlinkat", name, err)
	}
}

// push puts f on the stack, closing the descriptor of the frame nearest
// the top (but the top itself) if that makes too many open.
func (r *remover) push(f frame) {
	if n := len(r.stack); n < cap(r.stack) {
		// Reuse the list of subdirectories of the frame last popped here.
		f.subdirs = r.stack[:n+1][n].subdirs[:0]
	}
	r.stack = append(r.stack, f)
	r.open++
	for r.open > r.maxOpen && r.closeNearestTop() {
	}
}

// closeNearestTop closes the descriptor of the open frame nearest the top,
// but the top itself and the deepest frame, and reports whether there was
// one to close.
func (r *remover) closeNearestTop() bool {
	if r.lo >= len(r.stack)-1 {
		return false
	}
	unix.Close(r.stack[r.lo].fd)
	r.stack[r.lo].fd = -1
	r.open--
	r.lo++
	return true
}

// leave ends the frame at depth i, read to its end with all its
// subdirectories gone: it removes the directory, reads it again if it
// filled meanwhile, or else puts its mode back, and pops it.
func (r *remover) leave(i int) {
	f := &r.stack[i]
	if i > 0 && r.stack[i-1].fd < 0 && !r.reopenParent(i) {
		r.abandon()
		return
	}
	pfd := r.dirFD(i - 1)
	if i == 0 && r.want != nil && !r.topStill() {
		// The top was moved away, and another directory took its name:
		// that one is left as it is, and the top where it went.
		r.putModeBack(0)
		r.pop()
		r.fail("cleanup", -1, "", errNotMade)
		return
	}
	err := r.unlinkat(pfd, f.name, unix.AT_REMOVEDIR)
	if err == unix.EACCES && r.openUp(i-1) {
		err = r.unlinkat(pfd, f.name, unix.AT_REMOVEDIR)
	}
	switch {
	case err == nil || err == unix.ENOENT:
		if f.opened && linked(f.fd) {
			// What was removed, or went, was another directory that
			// took the name: this one was moved out of the tree, and
			// gets its mode back there.
			r.putModeBack(i)
		}
		r.pop()
		return
	case err == unix.ENOTEMPTY || err == unix.EEXIST: // the same on AIX
		// It filled again, or held what an earlier pass did not see:
		// read it again, as long as that finds something to do.
		if f.passes < raceRetries && !f.unreadable && (f.active || len(f.failed) == 0) {
			f.read = false
			return
		}
		if len(f.failed) > 0 || f.unreadable {
			err = nil // what it holds was said already
		}
	case err == unix.ENOTDIR && (i == 0 && r.openUpParent != nil || i > 0 && r.stack[i-1].races < raceRetries):
		// Moved away, and something else took its name: the directory
		// stays where it went, with the mode it had, and the name is
		// looked at again (a worker's top by the remover that handed it
		// out).
		r.putModeBack(i)
		name := f.name
		r.pop()
		if i == 0 {
			r.giveBack = true
		} else {
			r.stack[i-1].races++
			r.removeEntry(i-1, name, typeUnknown)
		}
		return
	}
	// It stays: put back the mode it had.
	r.putModeBack(i)
	name := f.name
	r.pop()
	if err != nil {
		r.failEntry(i-1, "unlinkat", name, err)
	} else if i > 0 {
		r.stack[i-1].markFailed(name)
	}
}

// topStill reports whether the top's name, in its parent, still names the
// directory of the frame at depth 0.
func (r *remover) topStill() bool {
	var st unix.Stat_t
	err := ignoringEINTR(func() error { return unix.Fstatat(r.parentFD, r.stack[0].name, &st, unix.AT_SYMLINK_NOFOLLOW) })
	return err != nil || (fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}).same(r.stack[0].info.id)
}

// linked reports whether the directory open as fd still has a name: one
// just removed has none.
func linked(fd int) bool {
	var st unix.Stat_t
	return unix.Fstat(fd, &st) == nil && st.Nlink > 0
}

// putModeBack gives the directory of the frame at depth i, which stays, the
// mode it had before it was opened up, if it was, and says what the system
// did not put back: it clears the setgid bit of a directory whose group is
// not one of the process's.
func (r *remover) putModeBack(i int) {
	f := &r.stack[i]
	if !f.opened || f.fd < 0 {
		return
	}
	err := unix.Fchmod(f.fd, f.info.mode)
	if err == nil {
		var st unix.Stat_t
		if err = unix.Fstat(f.fd, &st); err == nil && uint32(st.Mode)&0o7777 != f.info.mode {
			err = &modeError{want: f.info.mode, got: uint32(st.Mode) & 0o7777}
		}
	}
	if err != nil {
		r.fail("fchmod", i, "", err)
	}
}

// A modeError says that a directory opened up did not get back the mode it
// had: the system refused a bit of it (setgid, for a group not one of the
// process's).
type modeError struct{ want, got uint32 }

func (e *modeError) Error() string {
	return "mode 0" + strconv.FormatUint(uint64(e.want), 8) + " not put back: the system made it 0" + strconv.FormatUint(uint64(e.got), 8)
}

// Unwrap returns EPERM, so that a modeError matches fs.ErrPermission.
func (e *modeError) Unwrap() error { return unix.EPERM }

// pop closes the descriptor of the deepest frame and removes it.
func (r *remover) pop() {
	f := &r.stack[len(r.stack)-1]
	if f.fd >= 0 {
		unix.Close(f.fd)
		r.open--
	}
	r.stack = r.stack[:len(r.stack)-1]
	r.lo = max(min(r.lo, len(r.stack)), 1)
}

// reopenParent opens the frame at depth i-1, closed on the way down,
// again through ".." of the frame at depth i, and reports whether it is
// the same directory (device and inode) it was then.
func (r *remover) reopenParent(i int) bool {
	p := &r.stack[i-1]
	fd, err := openDir(r.stack[i].fd, "..", unix.O_NOFOLLOW)
	if err != nil {
		r.fail("openat", i-1, "", err)
		return false
	}
	st, err := statDir(fd, 0)
	if err != nil || !st.id.same(p.info.id) {
		unix.Close(fd)
		if err == nil {
			err = errMoved
		}
		r.fail("openat", i-1, "", err)
		return false
	}
	p.fd = fd
	r.open++
	r.lo = i - 1
	return true
}

// abandon gives up the deepest frame, whose parent could not be
// opened again safely, and every frame above it but the top: the frames
// between are closed, since the open frames are the top and those below
// the last closed one, and their directories cannot be found again
// safely, so nothing more is done in that branch. The error was said.
func (r *remover) abandon() {
	branch := r.stack[1].name
	for len(r.stack) > 1 {
		r.putModeBack(len(r.stack) - 1)
		r.pop()
	}
	r.stack[0].markFailed(branch)
}

// fanOut removes the subdirectories of the frame at depth i, the deepest,
// on up to r.workers goroutines (the calling one among them), and reports
// whether it did. run calls it for a directory that has more than one
// directory left to remove, once fanOutAfter entries were met: removals in
// different directories go on at once (docs/performance.md measures it).
//
// Each goroutine is a remover of its own, rooted in the frame's
// descriptor, which stays open and unchanged meanwhile but for its mode
// (see openUpParent). It takes the subdirectories one at a time, in the
// order run would, and their errors are said in that order, as run would
// say them. The descriptors that this remover may still open are shared
// among them, so that the bound of removeAll holds; with too few for two
// (minWorkerFDs each), nothing is fanned out. A subdirectory that a worker
// gives back (see giveBack) is left in subdirs for run, which removes it,
// and all that follows, alone. The errors the worker met in it are said,
// but where it ran out of descriptors: run meets those again.
func (r *remover) fanOut(i int) bool {
	f := &r.stack[i]
	n := min(r.workers, len(f.subdirs))
	// Besides its frames, a worker may hold two descriptors more (one
	// opened through "..", one to change a mode or to read), as this
	// remover may, which holds none of its own meanwhile; the frame and
	// the top's parent are shared.
	spare := r.maxOpen - r.open + 2
	for n > 1 && spare/n-2 < minWorkerFDs {
		n--
	}
	if n < 2 {
		return false
	}
	type result struct {
		errs     []error // to be said
		giveBack bool
	}
	subdirs := f.subdirs
	results := make([]result, len(subdirs))
	var (
		next atomic.Int64
		mu   sync.Mutex // guards the frame's opened and mode
	)
	openUp := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return r.stack[i].opened || r.openUp(i)
	}
	work := func() {
		w := remover{parentFD: f.fd, parentInfo: f.info, maxOpen: spare/n - 2, lo: 1, openUpParent: openUp}
		for {
			k := int(next.Add(1)) - 1
			if k >= len(subdirs) {
				return
			}
			name := subdirs[len(subdirs)-1-k]
			w.top, w.errs, w.giveBack = r.path(i, name), nil, false
			w.run(name)
			res := result{errs: w.errs, giveBack: w.giveBack}
			if slices.ContainsFunc(res.errs, noDescriptorLeft) {
				// All of it is done again, and its errors met again.
				res.errs, res.giveBack = nil, true
			}
			results[k] = res
		}
	}
	var wg sync.WaitGroup
	for range n - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	var back []string
	for k, res := range results {
		name := subdirs[len(subdirs)-1-k]
		r.errs = append(r.errs, res.errs...)
		switch {
		case res.giveBack:
			back = append(back, name)
		case len(res.errs) > 0:
			f.markFailed(name)
		}
	}
	if len(back) > 0 {
		// Removed again by this remover alone, as all that follows.
		r.workers = 0
	}
	f.subdirs = append(f.subdirs[:0], back...)
	return true
}

// noDescriptorLeft reports whether err says that the process, or the
// system, had no descriptor left.
func noDescriptorLeft(err error) bool {
	return errors.Is(err, unix.EMFILE) || errors.Is(err, unix.ENFILE)
}

// markFailed keeps the entry name from being tried again.
func (f *frame) markFailed(name string) {
	if f.failed == nil {
		f.failed = map[string]bool{}
	}
	f.failed[strings.Clone(name)] = true
}

// openUp gives the owner of the frame at depth i read, write and search
// permission on it (mode 0700), after an operation in it failed with
// EACCES, and reports whether it did. It does so once per frame, never for
// the top's parent, which is not in the tree, and never for a mount point,
// which is never a frame; the mode is put back if the directory stays.
func (r *remover) openUp(i int) bool {
	if i < 0 {
		if r.openUpParent == nil || r.parentOpenedUp {
			return false
		}
		r.parentOpenedUp = true
		return r.openUpParent()
	}
	f := &r.stack[i]
	if f.opened || f.fd < 0 || unix.Fchmod(f.fd, 0o700) != nil {
		return false
	}
	f.opened = true
	return true
}
