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

// The C++ type of an argument: from the shape of the variable, the let or the direction dX.
std::string argument_type(const spec::Problem& p, const std::string& name) {
  const expr::ShapeEnv env = spec::formula_env(p, spec::uses_differentials(p));
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
        "    return grader_runtime::serve(request, [](const grader_runtime::Trial& grader_trial, "
        "std::ostream& grader_out) {\n";
    for (const auto& a : c.arguments) {
      const std::string type = argument_type(p, a);
      const std::string getter = type == "double"            ? "as_double"
                                 : type == "Eigen::VectorXd" ? "as_vector"
                                                             : "as_matrix";
      out += fmt::format("      const {} {} = grader_runtime::{}(grader_trial, {});\n", type, a,
                         getter, literal(a));
    }
    out += fmt::format("      using namespace grader_p{};\n", i);
    out += fmt::format("      const {} grader_result = {};\n", cpp_type(c.returns), c.call);
    out += "      grader_runtime::write_result(grader_out, grader_result);\n    });\n  }\n";
  }
  out +=
      "  std::fprintf(stderr, \"grader harness: no code for problem %s\\n\", "
      "request.problem.c_str());\n  return 72;\n}\n";
  return out;
}

}  // namespace grader::code
