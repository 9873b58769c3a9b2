package rules

import "fmt"

// Data returns the contents of the embedded data file name ("surnames.txt",
// "titles.txt", "suffixes.txt" or "divisions.tsv"), for tools that need
// the same general knowledge as the rules, such as the synthetic corpus
// generator.
func Data(name string) ([]byte, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("rules data %s: %w", name, err)
	}
	return b, nil
}
