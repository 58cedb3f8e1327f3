package clerk

import "strings"

// Closest returns the name in names nearest to got: one equal but for case, spaces and
// punctuation, or else one within a few typing mistakes (at most max(2, len(got)/5)
// edits). It serves "did you mean …?" hints for parameters, body fields, operationIds and
// tags, so a typo is answered with the right name instead of a list of all of them.
func Closest(got string, names []string) (string, bool) {
	folded := foldName(got)
	best, bestDist := "", -1
	for _, n := range names {
		if folded != "" && foldName(n) == folded {
			return n, true
		}
		if d := editDistance(strings.ToLower(got), strings.ToLower(n)); bestDist < 0 || d < bestDist {
			best, bestDist = n, d
		}
	}
	if bestDist >= 0 && bestDist <= max(2, len(got)/5) {
		return best, true
	}
	return "", false
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
