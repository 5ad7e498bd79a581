#pragma once
// Reading a table of a Markdown document, for the tests that check a docs/ table against the
// code it copies (docs/diagnoses.md, docs/limits.md).

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace grader_test {

// The cells of one table row, trimmed: "| `a` | b |" gives {"`a`", "b"}.
inline std::vector<std::string> markdown_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t k = 1; k < line.size(); ++k) {
    if (line[k] != '|') {
      cell += line[k];
      continue;
    }
    const auto first = cell.find_first_not_of(' ');
    const auto last = cell.find_last_not_of(' ');
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    cell.clear();
  }
  return cells;
}

// The body rows of the table of `path` whose header line is `header` exactly: the rows from
// after its |---| line up to the first line that is not a row. Throws when there is none.
inline std::vector<std::vector<std::string>> markdown_table(const std::string& path,
                                                            const std::string& header) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line) && line != header) {
  }
  if (line != header) throw std::runtime_error(path + " has no table headed " + header);
  std::getline(in, line);  // |---|---|
  while (std::getline(in, line) && line.starts_with("|")) rows.push_back(markdown_cells(line));
  return rows;
}

}  // namespace grader_test
