package mkstemp

import (
	"crypto/rand"
	"encoding/binary"
)

// alphabet is the 37 symbols of CPython's _RandomNameSequence.characters.
const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_"

// nameLen is the length of the random part of every name, as in CPython.
const nameLen = 8

// nameSpace is the number of distinct names, 37**8 (about 2**41.7).
const nameSpace = 37 * 37 * 37 * 37 * 37 * 37 * 37 * 37

// nameLimit is the largest multiple of nameSpace that fits in a uint64.
// A random uint64 below it, read as 8 base-37 digits, is a uniform name;
// one at or above it is drawn again, so no symbol is more likely than
// another. The chance of a redraw is below one in 5 million.
const nameLimit = (1<<64 - 1) / nameSpace * nameSpace

// newName returns the next candidate name. It is a variable only so that
// the package's tests can substitute the source of names, as CPython's
// tests substitute tempfile._get_candidate_names; nothing else assigns it.
// The name is returned by value so that, through this indirect call, it
// still stays on the caller's stack.
var newName = randomName

// randomName returns 8 symbols of alphabet drawn uniformly from the
// operating system's cryptographically secure source. It takes no lock
// and does not allocate, so goroutines may call it concurrently.
func randomName() (b [nameLen]byte) {
	var r [8]byte
	var v uint64
	for {
		// crypto/rand.Read never fails: if the system source is broken,
		// the program crashes rather than hand out predictable names.
		rand.Read(r[:])
		if v = binary.LittleEndian.Uint64(r[:]); v < nameLimit {
			break
		}
	}
	for i := range b {
		b[i] = alphabet[v%37]
		v /= 37
	}
	return b
}

// init draws one name so that crypto/rand's first read, which starts a
// timer, and with it the runtime's first use of the poller (an epoll
// descriptor on Linux), happens when the program starts. Done lazily, it
// would happen in the first Mkstemp, and if the process had no descriptor
// free by then, the runtime would abort the program ("netpollinit failed")
// instead of Mkstemp returning EMFILE.
func init() { randomName() }
