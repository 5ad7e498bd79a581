#include "grader/check/code_checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <new>
#include <optional>
#include <string>

#include "grader/check/compare.hpp"
#include "grader/core/error.hpp"
#include "grader/core/files.hpp"
#include "grader/core/utf8.hpp"

namespace grader::check {

namespace fs = std::filesystem;

namespace {

using expr::High;

// A C++ answer file larger than this is refused before it is read.
constexpr std::size_t kMaxCodeFileBytes = std::size_t{1} << 20;

Verdict verdict_of(code::RunStatus status) {
  switch (status) {
    case code::RunStatus::timeout:
      return Verdict::timeout;
    case code::RunStatus::crash:
      return Verdict::crash;
    case code::RunStatus::memory_limit:
      return Verdict::memory_limit;
    case code::RunStatus::bad_output:
      return Verdict::bad_output;
    case code::RunStatus::ok:
      break;
  }
  return Verdict::pass;
}

code::Matrix to_double(const expr::Matrix<High>& m) {
  code::Matrix out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(i, j) = m(i, j).convert_to<double>();
  }
  return out;
}

expr::Matrix<High> to_high(const code::Matrix& m) {
  expr::Matrix<High> out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) out(i, j) = High(m(i, j));
  }
  return out;
}

// The arguments of one trial, by name: variables as drawn, lets as evaluated (in double), and
// for a differential the directions dX as drawn (bound in the trial's bindings).
code::TrialValues inputs_of(const spec::Problem& p, const Trial& trial) {
  code::TrialValues values;
  for (const auto& name : p.answer.code->arguments) {
    if (const auto it = trial.point.values.find(name); it != trial.point.values.end()) {
      values.push_back({name, it->second});
    } else {
      values.push_back({name, to_double(trial.bindings.values.at(name))});
    }
  }
  return values;
}

// "entry 2" of a column, "entry (2, 1)" of a matrix.
std::string entry_name(const code::Matrix& m, Eigen::Index i, Eigen::Index j) {
  return m.cols() == 1 ? fmt::format("entry {}", i + 1)
                       : fmt::format("entry ({}, {})", i + 1, j + 1);
}

// Where `got` differs most from `expected`, for a student to look at: "entry (2, 1) is
// 0.5, the reference 0.25".
std::string worst_entry(const code::Matrix& got, const code::Matrix& expected) {
  Eigen::Index wi = 0;
  Eigen::Index wj = 0;
  (got - expected).cwiseAbs().maxCoeff(&wi, &wj);
  const std::string where = entry_name(got, wi, wj);
  return fmt::format("the largest difference is at {}: yours is {:.17g}, the reference {:.17g}",
                     where, got(wi, wj), expected(wi, wj));
}

// A verdict and its message.
struct Judgement {
  Verdict verdict;
  std::string message;
};

// What is wrong with the program's result at trial k (0-based) before any comparison: not one
// result, another shape than the answer's, an entry that is NaN or Inf; nullopt when nothing.
std::optional<Judgement> malformed(const code::TrialValues& output, const Trial& trial,
                                   std::size_t k, int planned, std::uint64_t seed) {
  if (output.size() != 1) {
    return Judgement{Verdict::bad_output,
                     fmt::format("at random input {} of {}, your program gave {} results; one was "
                                 "expected",
                                 k + 1, planned, output.size())};
  }
  const code::Matrix& got = output[0].value;
  const expr::Matrix<High>& expected = trial.expected.at(0);
  if (got.rows() != expected.rows() || got.cols() != expected.cols()) {
    return Judgement{Verdict::fail,
                     fmt::format("at random input {} of {}, your function returned a {}×{} result; "
                                 "the answer is {}×{} (reproduce with --seed {})",
                                 k + 1, planned, got.rows(), got.cols(), expected.rows(),
                                 expected.cols(), seed)};
  }
  for (Eigen::Index j = 0; j < got.cols(); ++j) {
    for (Eigen::Index i = 0; i < got.rows(); ++i) {
      if (!std::isfinite(got(i, j))) {
        return Judgement{Verdict::fail,
                         fmt::format("at random input {} of {}, {} of your result is {} "
                                     "(reproduce with --seed {})",
                                     k + 1, planned, entry_name(got, i, j),
                                     std::isnan(got(i, j)) ? "NaN" : "Inf", seed)};
      }
    }
  }
  return std::nullopt;
}

// Compares the program's results with the references, trial by trial, until one differs by
// more than the tolerance; `r` counts the trials compared and keeps the worst condition number
// and relative difference.
Judgement compare_outputs(const ProblemTrials& trials, const code::RunResult& run, CheckResult& r) {
  const double tolerance = trials.problem().answer.tolerance;
  const int planned = trials.planned();
  double worst = 0.0;
  for (std::size_t k = 0; k < run.outputs.size(); ++k) {
    r.trials = static_cast<int>(k + 1);
    const Trial& trial = trials.trials()[k];
    r.condition = std::max(r.condition, trial.point.condition);
    if (auto bad = malformed(run.outputs[k], trial, k, planned, r.seed)) return std::move(*bad);
    const code::Matrix& got = run.outputs[k][0].value;
    const expr::Matrix<High>& expected = trial.expected.at(0);
    const double rel = relative_difference(to_high(got), expected);
    worst = std::max(worst, rel);
    r.max_rel_error = worst;
    if (!(rel <= tolerance)) {
      return {Verdict::fail,
              fmt::format("wrong: at random input {} of {}, your function's result differs "
                          "from the reference by a relative {:.2g} (tolerance {:.0e}); {} "
                          "(reproduce with --seed {})",
                          k + 1, planned, rel, tolerance, worst_entry(got, to_double(expected)),
                          r.seed)};
    }
  }
  return {Verdict::pass,
          fmt::format("correct: agrees with the reference on {} random inputs (worst "
                      "relative difference {:.1e}, tolerance {:.0e}; seed {}). Protection: {}",
                      r.trials, worst, tolerance, r.seed, run.protection)};
}

}  // namespace

CodeSubmission::CodeSubmission(fs::path folder, CodeOptions options)
    : folder_(std::move(folder)), options_(std::move(options)) {}

CodeSubmission::Target CodeSubmission::target_of(const spec::AnswerText& answer) const {
  Target t;
  if (folder_.empty()) {
    t.error =
        "a code answer needs a submission folder: answers.yaml and your files together "
        "in one folder";
    return t;
  }
  if (const auto it = answer.parts.find("file"); it != answer.parts.end()) {
    t.file = it->second;
  } else if (const auto c = answer.parts.find("command"); c != answer.parts.end()) {
    t.command = c->second;
  } else if (answer.single.size() > 4 &&
             answer.single.compare(answer.single.size() - 4, 4, ".cpp") == 0) {
    t.file = answer.single;
  } else {
    t.error =
        "a code answer names a C++ file or a command: {file: adjoint.cpp} or {command: "
        "python3 adjoint.py}";
    return t;
  }
  if (!t.file.empty()) {
    // Read from inside the folder only (no symbolic link anywhere in the path, no ".."):
    // nothing of a refused file is read, so nothing of it can reach a report.
    BeneathRead file = read_beneath(folder_, t.file, kMaxCodeFileBytes);
    if (file.ok) {
      t.text = std::move(file.text);
    } else {
      t.error = std::move(file.error);
    }
  } else if (t.command.find_first_not_of(" \t") == std::string::npos) {
    t.error = "the command is empty";
  }
  return t;
}

void CodeSubmission::add(const spec::Problem& problem, const spec::AnswerText& answer) {
  if (problem.answer.kind != spec::AnswerKind::code) return;
  Target t = target_of(answer);
  if (!t.error.empty() || t.file.empty()) return;
  if (built_) throw InternalError("CodeSubmission::add after the first check");
  files_.push_back({&problem, std::move(t.text), fs::path(t.file).filename().string()});
}

// Compiles every file together once; when that fails, the files the compiler blamed get their
// own messages without another compilation, and the others are built together again (each
// round removes at least one file, and every build is cached, failures too). A build stopped
// by a limit blames no file: every file of it gets that message, so one compile bomb costs
// the compiler's limit once. Only a failure in no student's file (the harness's call of a
// function with the wrong signature) compiles the remaining files one by one.
void CodeSubmission::build_all() {
  built_ = true;
  code::BuildOptions options;
  options.cache_dir = options_.cache_dir;
  options.limits = options_.compile_limits;
  options.strongest = options_.strongest;
  options.hidden = options_.hidden;
  std::vector<code::CodeFile> left = files_;
  while (!left.empty()) {
    code::Build b = code::build(left, options);
    if (b.ok || b.stopped) {
      for (const auto& f : left) builds_[f.problem->id] = b;
      return;
    }
    std::vector<code::CodeFile> next;
    for (std::size_t i = 0; i < left.size(); ++i) {
      if (b.file_errors[i].empty()) {
        next.push_back(left[i]);
        continue;
      }
      code::Build own;
      own.errors = b.file_errors[i];
      own.cached = b.cached;
      builds_[left[i].problem->id] = std::move(own);
    }
    if (next.size() == left.size()) {
      for (const auto& f : left) builds_[f.problem->id] = code::build({f}, options);
      return;
    }
    left = std::move(next);
  }
}

const code::Build& CodeSubmission::build_for(const spec::Problem& problem) {
  if (!built_) build_all();
  const auto it = builds_.find(problem.id);
  if (it == builds_.end())
    throw InternalError("a code answer checked but never added: " + problem.id);
  return it->second;
}

CheckResult CodeSubmission::check(const ProblemTrials& trials, const spec::AnswerText& answer) {
  try {
    return with_answer(check_run(trials, answer), answer);
  } catch (const InternalError&) {
    throw;  // a bug in grader (a SandboxError too): reported as such, never a verdict
  } catch (const std::bad_alloc&) {
    throw;  // grader itself is out of memory: no other problem would fare better
  } catch (const std::exception& e) {
    // Never lose the other problems' results to one problem's failure (the cache cannot be
    // written, a folder cannot be created).
    CheckResult r = with_answer(result_for(trials.problem(), trials.seed()), answer);
    r.oracle = "code";
    r.verdict = Verdict::error;
    r.message = fmt::format("the grader could not run your code: {}", e.what());
    return r;
  }
}

CheckResult CodeSubmission::check_run(const ProblemTrials& trials, const spec::AnswerText& answer) {
  const spec::Problem& p = trials.problem();
  CheckResult r = result_for(p, trials.seed());
  r.oracle = "code";
  const auto finish = [&](Verdict v, std::string message) {
    r.verdict = v;
    r.message = std::move(message);
    r.score = v == Verdict::pass ? p.points : 0.0;
    return r;
  };
  if (!p.answer.code) return finish(Verdict::error, "this problem is not a code problem");
  const Target t = target_of(answer);
  if (!t.error.empty()) return finish(Verdict::invalid, t.error);

  // The trials' inputs.
  code::Request request{p.id, {}};
  for (const Trial& trial : trials.trials()) request.trials.push_back(inputs_of(p, trial));
  if (static_cast<int>(request.trials.size()) < trials.planned()) {
    r.diagnostic = trials.failure()->diagnostic;
    return finish(Verdict::error, trials.failure()->message);
  }

  code::RunOptions run_options;
  run_options.cache_dir = options_.cache_dir;
  run_options.limits = options_.run_limits;
  run_options.hidden = options_.hidden;
  run_options.strongest = options_.strongest;
  code::RunResult run;
  if (!t.file.empty()) {
    const code::Build& b = build_for(p);
    if (!b.ok) {
      return finish(
          Verdict::compile_error,
          fmt::format("{} does not compile; the compiler says:\n{}", visible(t.file), b.errors));
    }
    run = code::run_program(code::Program::compiled(b.binary), request, run_options);
  } else {
    run = code::run_program(code::Program::shell(t.command, folder_), request, run_options);
  }
  if (run.status != code::RunStatus::ok) {
    r.diagnostic = run.stderr_tail;
    return finish(verdict_of(run.status), run.message);
  }
  auto [verdict, message] = compare_outputs(trials, run, r);
  return finish(verdict, std::move(message));
}

}  // namespace grader::check
