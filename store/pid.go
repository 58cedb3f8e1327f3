package store

import (
	"bytes"
	"os"
	"strconv"
)

// bbolt's flock does not say who holds the lock, so the holder writes its pid next to
// the file after it opens, and a process that times out waiting reads it.

func pidPath(path string) string { return path + ".pid" }

// writePID records this process as the holder. It writes a temporary file and renames
// it, so a reader never sees half a number.
func writePID(path string) error {
	tmp := pidPath(path) + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, pidPath(path))
}

// removePID removes the pid file if it still names this process.
func removePID(path string) {
	if pid, ok := readPID(path); ok && pid == os.Getpid() {
		_ = os.Remove(pidPath(path))
	}
}

// HolderPID returns the pid of the process that holds the database at path, as it
// recorded it, and false when none is recorded.
func HolderPID(path string) (int, bool) { return readPID(path) }

func readPID(path string) (int, bool) {
	data, err := os.ReadFile(pidPath(path))
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(data)))
	return pid, err == nil && pid > 0
}

// holder describes the process holding the lock, for the error message.
func holder(path string) string {
	pid, ok := readPID(path)
	if !ok {
		return "its pid is unknown: " + pidPath(path) + " is missing"
	}
	return "pid " + strconv.Itoa(pid)
}
