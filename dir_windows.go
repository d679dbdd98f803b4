package mkstemp

// targetPath is path made absolute as Windows resolves it: GetFullPathName
// reads ".." as text, whatever the link before it.
func targetPath(path string) (string, error) {
	return abspath(path)
}
