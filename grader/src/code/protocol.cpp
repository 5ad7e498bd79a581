#include "grader/code/protocol.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace grader::code {

ProtocolError::ProtocolError(int line, const std::string& message)
    : Error(ExitCode::bad_input, fmt::format("line {}: {}", line, message)), line_(line) {}

std::string format_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%a", x);
  return buffer;
}

namespace {

// Lines without comments and blank lines, with their 1-based numbers.
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}

  // The next meaningful line, or false at the end.
  bool next(std::string_view& line) {
    while (pos_ < text_.size()) {
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view l = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      ++number_;
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      const std::size_t first = l.find_first_not_of(" \t");
      if (first == std::string_view::npos || l[first] == '#') continue;
      line = l.substr(first);
      return true;
    }
    ++number_;
    return false;
  }
  int number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int number_ = 0;
};

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// A shortened quote of a line for messages.
std::string quote(std::string_view line) {
  std::string s(line.substr(0, 60));
  for (auto& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '?';
  }
  return "'" + s + (line.size() > 60 ? "...'" : "'");
}

bool parse_number(std::string_view word, double& x) {
  const std::string s(word);
  char* end = nullptr;
  errno = 0;
  x = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && !s.empty();
}

bool parse_size(std::string_view word, long& n) {
  if (word.empty() || word.size() > 6) return false;
  n = 0;
  for (const char c : word) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  return true;
}

// Expects the line "trial k".
void expect_trial(Lines& lines, std::size_t k, std::size_t trials) {
  std::string_view line;
  const std::string want = fmt::format("'trial {}'", k);
  if (!lines.next(line))
    throw ProtocolError(lines.number(), fmt::format("the output ended after {} of {} trials; "
                                                    "expected {}",
                                                    k - 1, trials, want));
  const auto w = words(line);
  if (w.size() != 2 || w[0] != "trial" || w[1] != std::to_string(k))
    throw ProtocolError(lines.number(), fmt::format("expected {}, not {}", want, quote(line)));
}

NamedValue parse_value(std::string_view line, int number) {
  const auto w = words(line);
  if (w.size() < 3)
    throw ProtocolError(
        number, fmt::format("expected a value 'NAME ROWS COLS ENTRIES...', not {}", quote(line)));
  long rows = 0;
  long cols = 0;
  if (!parse_size(w[1], rows) || !parse_size(w[2], cols) || rows * cols > 1'000'000)
    throw ProtocolError(
        number, fmt::format("'{}': rows and columns must be whole numbers (at most a "
                            "million entries), not '{}' and '{}'",
                            std::string(w[0].substr(0, 40)), std::string(w[1].substr(0, 20)),
                            std::string(w[2].substr(0, 20))));
  const auto count = static_cast<std::size_t>(rows * cols);
  if (w.size() != 3 + count)
    throw ProtocolError(
        number, fmt::format("'{}' is {}×{}, so {} entries were expected, not {}",
                            std::string(w[0].substr(0, 40)), rows, cols, count, w.size() - 3));
  NamedValue v{std::string(w[0]), Matrix(rows, cols)};
  for (std::size_t k = 0; k < count; ++k) {
    double x = 0;
    if (!parse_number(w[3 + k], x))
      throw ProtocolError(number, fmt::format("'{}': entry {} is not a number: '{}'", v.name, k + 1,
                                              std::string(w[3 + k].substr(0, 40))));
    v.value(static_cast<Eigen::Index>(k) / cols, static_cast<Eigen::Index>(k) % cols) = x;
  }
  return v;
}

void append_value(std::string& out, const NamedValue& v) {
  out += fmt::format("{} {} {}", v.name, v.value.rows(), v.value.cols());
  for (Eigen::Index i = 0; i < v.value.rows(); ++i) {
    for (Eigen::Index j = 0; j < v.value.cols(); ++j) out += " " + format_number(v.value(i, j));
  }
  out += "\n";
}

// Reads the values of trial `k` (after its "trial k" line) up to "end".
TrialValues read_trial(Lines& lines) {
  TrialValues values;
  std::string_view line;
  while (true) {
    if (!lines.next(line))
      throw ProtocolError(lines.number(), "the output ended inside a trial; expected 'end'");
    if (const auto w = words(line); w.size() == 1 && w[0] == "end") return values;
    values.push_back(parse_value(line, lines.number()));
  }
}

}  // namespace

std::string encode_request(const Request& request) {
  std::string out = "grader-protocol 1\n";
  out += fmt::format("problem {}\ntrials {}\n", request.problem, request.trials.size());
  for (std::size_t k = 0; k < request.trials.size(); ++k) {
    out += fmt::format("trial {}\n", k + 1);
    for (const auto& v : request.trials[k]) append_value(out, v);
    out += "end\n";
  }
  return out;
}

Request decode_request(std::string_view text) {
  Lines lines(text);
  std::string_view line;
  Request r;
  if (!lines.next(line) || line != "grader-protocol 1")
    throw ProtocolError(lines.number(), "expected 'grader-protocol 1'");
  if (!lines.next(line) || words(line).size() != 2 || words(line)[0] != "problem")
    throw ProtocolError(lines.number(), "expected 'problem ID'");
  r.problem = std::string(words(line)[1]);
  long trials = 0;
  if (!lines.next(line) || words(line).size() != 2 || words(line)[0] != "trials" ||
      !parse_size(words(line)[1], trials))
    throw ProtocolError(lines.number(), "expected 'trials N'");
  for (long k = 1; k <= trials; ++k) {
    expect_trial(lines, static_cast<std::size_t>(k), static_cast<std::size_t>(trials));
    r.trials.push_back(read_trial(lines));
  }
  return r;
}

std::string encode_response(const std::vector<TrialValues>& trials) {
  std::string out;
  for (std::size_t k = 0; k < trials.size(); ++k) {
    out += fmt::format("trial {}\n", k + 1);
    for (const auto& v : trials[k]) append_value(out, v);
    out += "end\n";
  }
  return out;
}

std::vector<TrialValues> decode_response(std::string_view text, std::size_t trials) {
  Lines lines(text);
  std::vector<TrialValues> out;
  for (std::size_t k = 1; k <= trials; ++k) {
    expect_trial(lines, k, trials);
    out.push_back(read_trial(lines));
  }
  std::string_view extra;
  if (lines.next(extra))
    throw ProtocolError(lines.number(),
                        fmt::format("unexpected output after the last trial: {}", quote(extra)));
  return out;
}

}  // namespace grader::code
