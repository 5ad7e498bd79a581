#include "grader/code/harness.hpp"

#include <fmt/format.h>

#include "grader/core/error.hpp"

namespace grader::code {

namespace {

// A C++ string literal of `text`.
std::string literal(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\x{:02x}\"\"", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The C++ type of an argument: from the variable's or the let's shape.
std::string argument_type(const spec::Problem& p, const std::string& name) {
  const expr::ShapeEnv env = spec::formula_env(p, false);
  const expr::Declaration* d = env.find(name);
  if (d == nullptr) throw InternalError(fmt::format("{}: no argument '{}'", p.id, name));
  if (d->shape.is_scalar()) return "double";
  if (d->shape.is_vector()) return "Eigen::VectorXd";
  return "Eigen::MatrixXd";
}

}  // namespace

std::string cpp_type(const std::vector<spec::ShapeEntry>& shape) {
  if (shape.empty()) return "double";
  if (shape.size() == 1) return "Eigen::VectorXd";
  return "Eigen::MatrixXd";
}

std::string describe_call(const spec::Problem& p) {
  const spec::CodeAnswer& c = *p.answer.code;
  std::string types;
  for (const auto& a : c.arguments)
    types += fmt::format("{}{}: {}", types.empty() ? "" : ", ", a, argument_type(p, a));
  return fmt::format("{} with {}, expecting {}", c.call, types.empty() ? "no arguments" : types,
                     cpp_type(c.returns));
}

const std::string& runtime_header() {
  static const std::string text =
      R"(// grader's runtime for code submissions (generated; do not edit).
#pragma once
#include <bits/stdc++.h>
#include <Eigen/Dense>

// The dense decompositions students use, instantiated once per cache (runtime_instances_source)
// rather than in every student's build: a build that calls A.lu() is about twice as fast.
extern template class Eigen::PartialPivLU<Eigen::MatrixXd>;
extern template class Eigen::FullPivLU<Eigen::MatrixXd>;
extern template class Eigen::HouseholderQR<Eigen::MatrixXd>;
extern template class Eigen::ColPivHouseholderQR<Eigen::MatrixXd>;
extern template class Eigen::LLT<Eigen::MatrixXd>;
extern template class Eigen::LDLT<Eigen::MatrixXd>;
extern template class Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>;

namespace grader_runtime {

struct Value {
  long rows = 0, cols = 0;
  std::vector<double> entries;  // row by row
};
using Trial = std::map<std::string, Value>;

[[noreturn]] inline void protocol_error(const std::string& what) {
  std::fprintf(stderr, "grader harness: bad request: %s\n", what.c_str());
  std::exit(70);
}

inline std::string read_word(std::istream& in) {
  std::string w;
  if (!(in >> w)) protocol_error("the request ended early");
  return w;
}

inline long read_long(std::istream& in) {
  const std::string w = read_word(in);
  char* end = nullptr;
  const long n = std::strtol(w.c_str(), &end, 10);
  if (*end != '\0' || n < 0) protocol_error("expected a count, not '" + w + "'");
  return n;
}

struct Request {
  std::string problem;
  std::vector<Trial> trials;
};

inline Request read_request(std::istream& in) {
  Request r;
  if (read_word(in) != "grader-protocol" || read_word(in) != "1")
    protocol_error("expected 'grader-protocol 1'");
  if (read_word(in) != "problem") protocol_error("expected 'problem ID'");
  r.problem = read_word(in);
  if (read_word(in) != "trials") protocol_error("expected 'trials N'");
  const long trials = read_long(in);
  for (long k = 0; k < trials; ++k) {
    if (read_word(in) != "trial") protocol_error("expected 'trial K'");
    read_long(in);
    Trial t;
    for (std::string name = read_word(in); name != "end"; name = read_word(in)) {
      Value v;
      v.rows = read_long(in);
      v.cols = read_long(in);
      for (long i = 0; i < v.rows * v.cols; ++i) {
        const std::string w = read_word(in);
        v.entries.push_back(std::strtod(w.c_str(), nullptr));
      }
      t[name] = std::move(v);
    }
    r.trials.push_back(std::move(t));
  }
  return r;
}

inline const Value& get(const Trial& t, const char* name) {
  const auto it = t.find(name);
  if (it == t.end()) protocol_error(std::string("no value '") + name + "'");
  return it->second;
}

inline double as_double(const Trial& t, const char* name) {
  const Value& v = get(t, name);
  if (v.entries.size() != 1) protocol_error(std::string("'") + name + "' is not a scalar");
  return v.entries[0];
}

inline Eigen::MatrixXd as_matrix(const Trial& t, const char* name) {
  const Value& v = get(t, name);
  Eigen::MatrixXd m(v.rows, v.cols);
  for (long i = 0; i < v.rows; ++i)
    for (long j = 0; j < v.cols; ++j) m(i, j) = v.entries[static_cast<std::size_t>(i * v.cols + j)];
  return m;
}

inline Eigen::VectorXd as_vector(const Trial& t, const char* name) {
  const Eigen::MatrixXd m = as_matrix(t, name);
  if (m.cols() != 1) protocol_error(std::string("'") + name + "' is not a column vector");
  return m.col(0);
}

inline void write_number(std::ostream& out, double x) {
  char buffer[64];
  if (std::isnan(x)) {
    out << " nan";
  } else if (std::isinf(x)) {
    out << (x > 0 ? " inf" : " -inf");
  } else {
    std::snprintf(buffer, sizeof buffer, " %a", x);
    out << buffer;
  }
}

template <class Derived>
void write_result(std::ostream& out, const Eigen::MatrixBase<Derived>& m) {
  out << "result " << m.rows() << " " << m.cols();
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) write_number(out, static_cast<double>(m(i, j)));
  out << "\n";
}

inline void write_result(std::ostream& out, double x) {
  out << "result 1 1";
  write_number(out, x);
  out << "\n";
}

// Calls `f` on every trial of `r`; an exception ends the program with its message.
template <class F>
int serve(const Request& r, F&& f) {
  std::ostringstream out;
  for (std::size_t k = 0; k < r.trials.size(); ++k) {
    out << "trial " << (k + 1) << "\n";
    try {
      f(r.trials[k], out);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "grader harness: your code threw an exception at trial %zu: %s\n",
                   k + 1, e.what());
      return 71;
    } catch (...) {
      std::fprintf(stderr, "grader harness: your code threw a non-standard exception at trial %zu\n",
                   k + 1);
      return 71;
    }
    out << "end\n";
  }
  std::cout << out.str() << std::flush;
  return 0;
}

}  // namespace grader_runtime
)";
  return text;
}

HoistedSource hoist_system_includes(const std::string& text) {
  HoistedSource out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    // [spaces] # [spaces] include [spaces] <header> [anything]
    std::size_t i = line.find_first_not_of(" \t");
    bool hoisted = false;
    if (i != std::string_view::npos && line[i] == '#') {
      i = line.find_first_not_of(" \t", i + 1);
      if (i != std::string_view::npos && line.substr(i, 7) == "include") {
        i = line.find_first_not_of(" \t", i + 7);
        const std::size_t close = i == std::string_view::npos ? i : line.find('>', i);
        if (i != std::string_view::npos && line[i] == '<' && close != std::string_view::npos) {
          out.system_includes.emplace_back(line.substr(i, close + 1 - i));
          hoisted = true;
        }
      }
    }
    if (!hoisted) out.text.append(line);
    if (end < text.size()) out.text += '\n';
    start = end + 1;
  }
  return out;
}

const std::string& runtime_instances_source() {
  static const std::string text = R"(// grader's runtime instances (generated; do not edit).
template class Eigen::PartialPivLU<Eigen::MatrixXd>;
template class Eigen::FullPivLU<Eigen::MatrixXd>;
template class Eigen::HouseholderQR<Eigen::MatrixXd>;
template class Eigen::ColPivHouseholderQR<Eigen::MatrixXd>;
template class Eigen::LLT<Eigen::MatrixXd>;
template class Eigen::LDLT<Eigen::MatrixXd>;
template class Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>;
)";
  return text;
}

std::string harness_source(const std::vector<HarnessEntry>& entries) {
  std::string out = fmt::format(
      "// The grader's harness (generated; do not edit).\n#include \"{}\"\n", kRuntimeHeaderName);
  for (const auto& e : entries) {
    for (const auto& header : e.system_includes) out += fmt::format("#include {}\n", header);
  }
  out += "\n";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const spec::Problem& p = *entries[i].problem;
    if (!p.answer.code) throw InternalError(fmt::format("{} is not a code problem", p.id));
    out += fmt::format("// {}\nnamespace grader_p{} {{\n", p.id, i);
    if (!p.answer.code->prelude.empty()) {
      out += fmt::format("#line 1 \"prelude of {}\"\n{}\n", p.id, p.answer.code->prelude);
    }
    out += fmt::format("#include {}\n}}  // namespace grader_p{}\n\n",
                       literal(entries[i].source.string()), i);
  }
  out += "#line 1 \"grader's harness\"\n";
  out += "int main() {\n  const auto request = grader_runtime::read_request(std::cin);\n";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const spec::Problem& p = *entries[i].problem;
    const spec::CodeAnswer& c = *p.answer.code;
    out += fmt::format("  if (request.problem == {}) {{\n", literal(p.id));
    out +=
        "    return grader_runtime::serve(request, [](const grader_runtime::Trial& t, "
        "std::ostream& out) {\n";
    for (const auto& a : c.arguments) {
      const std::string type = argument_type(p, a);
      const std::string getter = type == "double"            ? "as_double"
                                 : type == "Eigen::VectorXd" ? "as_vector"
                                                             : "as_matrix";
      out += fmt::format("      const {} {} = grader_runtime::{}(t, {});\n", type, a, getter,
                         literal(a));
    }
    out += fmt::format("      using namespace grader_p{};\n", i);
    out += fmt::format("      const {} grader_result = {};\n", cpp_type(c.returns), c.call);
    out += "      grader_runtime::write_result(out, grader_result);\n    });\n  }\n";
  }
  out +=
      "  std::fprintf(stderr, \"grader harness: no code for problem %s\\n\", "
      "request.problem.c_str());\n  return 72;\n}\n";
  return out;
}

}  // namespace grader::code
