#define BOOST_TEST_MODULE check_answers
#include "grader/check/answers.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "grader/core/error.hpp"

using grader::InputError;
using grader::check::load_submission_text;

namespace {

// The message of the InputError loading `yaml` throws ("" when it loads).
std::string error_of(const std::string& yaml) {
  try {
    load_submission_text(yaml, "answers.yaml", "alice");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(formulas_choices_and_maps_keep_where_they_were_written) {
  const auto s = load_submission_text(
      "student: bob\n"
      "answers:\n"
      "  lecture01/xax: dX*A*X + X*A*dX\n"
      "  lecture01/why-linearize: [a, c]\n"
      "  lecture04/two-grads: {x: \"A'*y\", y: A*x}\n",
      "answers.yaml", "alice");
  BOOST_TEST(s.student == "bob");
  BOOST_TEST(s.answers.at("lecture01/xax").single == "dX*A*X + X*A*dX");
  BOOST_TEST(s.answers.at("lecture01/xax").where.line == 3);
  BOOST_TEST(s.answers.at("lecture01/xax").where.column == 18);
  BOOST_TEST(s.answers.at("lecture01/why-linearize").single == "a,c");
  const auto& two = s.answers.at("lecture04/two-grads");
  BOOST_TEST(two.parts.at("x") == "A'*y");
  BOOST_TEST(two.parts.at("y") == "A*x");
  BOOST_TEST(two.where.line == 5);
}

// Found by fuzz_answers (UBSan): the location of an empty map's first entry dereferenced its
// end iterator. An empty map is an answer with no formulas, located at the map.
BOOST_AUTO_TEST_CASE(an_empty_map_of_formulas_is_an_answer_without_parts) {
  const auto s = load_submission_text("answers:\n  lecture04/two-grads: {}\n", "answers.yaml", "a");
  const auto& a = s.answers.at("lecture04/two-grads");
  BOOST_TEST(a.parts.empty());
  BOOST_TEST(a.single.empty());
  BOOST_TEST(a.where.line == 2);
}

BOOST_AUTO_TEST_CASE(malformed_files_are_refused_with_file_line_and_column) {
  BOOST_TEST(error_of("answers:\n  a: [\n") ==
             "answers.yaml:3:1: not valid YAML: end of sequence flow not found");
  BOOST_TEST(
      error_of("- a\n- b\n")
          .starts_with(
              "answers.yaml:1:1: expected a map with 'answers:' (and optionally 'student:')"));
  BOOST_TEST(error_of("answer:\n  x: 1\n") ==
             "answers.yaml:1:1: unknown field 'answer'; did you mean 'answers'?");
  BOOST_TEST(error_of("answers:\n  x: [a, [b]]\n") ==
             "answers.yaml:2:10: expected a letter in the list of options");
  BOOST_TEST(error_of("answers:\n  x: {a: [1]}\n") == "answers.yaml:2:10: expected a formula");
}

// Columns count code points, as in a problem spec (core/text_position.hpp): the '{' after
// "ää" (4 bytes) is column 16, where an editor puts it, not byte column 18.
BOOST_AUTO_TEST_CASE(columns_count_code_points_as_in_specs) {
  BOOST_TEST(error_of("answers: {ää: [{x: 1}]}\n") ==
             "answers.yaml:1:16: expected a letter in the list of options");
  BOOST_TEST(error_of("answers: {ää: \"tr(A\\dA)\"}\n").starts_with("answers.yaml:1:20: "));
  const auto s = load_submission_text("answers: {ää: 'Aᵀ', b: 'x'}\n", "answers.yaml", "alice");
  BOOST_TEST(s.answers.at("b").where.column == 25);  // after its quote
}

// Issue 17: YAML reads a backslash in double quotes as an escape, and refuses the whole file
// for one it does not know ("tr(A\dA)": \d). The message says where, whose answer, and how to
// write it: single quotes keep every backslash.
BOOST_AUTO_TEST_CASE(a_backslash_in_double_quotes_asks_for_single_quotes) {
  BOOST_TEST(error_of("answers: {lecture02/inverse: \"tr(A\\dA)\"}\n") ==
             "answers.yaml:1:35: the answer to lecture02/inverse is in double quotes, where a "
             "backslash starts an escape and YAML cannot read '\\d'; write it in single quotes, "
             "which keep backslashes: 'tr(A\\dA)'");
  // In a block map, one formula of several variables, a quote doubled in the suggestion.
  BOOST_TEST(error_of("student: bo\nanswers:\n  lecture01/xax: dX*A*X + X*A*dX\n"
                      "  lecture04/two-grads: {x: \"A'\\y\", y: A*x}\n") ==
             "answers.yaml:4:31: the answer to lecture04/two-grads (x) is in double quotes, where "
             "a backslash starts an escape and YAML cannot read '\\y'; write it in single "
             "quotes, which keep backslashes: 'A''\\y'");
  // A later answer with the same fault does not hide which answer the first is.
  BOOST_TEST(error_of("answers:\n  a/one: \"A\\B\\C\"\n  a/two: \"x\\q\"\n") ==
             "answers.yaml:2:12: the answer to a/one is in double quotes, where a backslash "
             "starts an escape and YAML cannot read '\\B'; write it in single quotes, which keep "
             "backslashes: 'A\\B\\C'");
  // A hexadecimal escape that is not one; a byte order mark does not shift the column.
  BOOST_TEST(error_of("\xEF\xBB\xBF"
                      "answers:\n  a/one: \"A\\x\"\n") ==
             "answers.yaml:2:12: the answer to a/one is in double quotes, where a backslash "
             "starts an escape and YAML cannot read '\\x'; write it in single quotes, which keep "
             "backslashes: 'A\\x'");
  // Not an answer: the text is quoted instead.
  BOOST_TEST(error_of("student: \"b\\o\"\nanswers: {}\n") ==
             "answers.yaml:1:12: \"b\\o\" is in double quotes, where a backslash starts an escape "
             "and YAML cannot read '\\o'; write it in single quotes, which keep backslashes: "
             "'b\\o'");
  // The suggestion works.
  const auto s =
      load_submission_text("answers: {lecture02/inverse: 'tr(A\\dA)'}\n", "answers.yaml", "a");
  BOOST_TEST(s.answers.at("lecture02/inverse").single == "tr(A\\dA)");
}

// Issue 17: an answer under an id no problem has is an invalid result naming the nearest id.
BOOST_AUTO_TEST_CASE(an_answer_to_an_unknown_problem_names_the_nearest_id) {
  const std::vector<std::string> ids = {"lecture01/xax", "lecture02/cube"};
  const auto r = grader::check::unknown_problem_answer("lecture01/xaxx", ids, 7);
  BOOST_TEST(r.problem_id == "lecture01/xaxx");
  BOOST_TEST(to_string(r.verdict) == "invalid");
  BOOST_TEST(r.score == 0.0);
  BOOST_TEST(r.max_score == 0.0);
  BOOST_TEST(r.seed == 7u);
  BOOST_TEST(r.message ==
             "no problem 'lecture01/xaxx', so this answer was not checked; did you mean "
             "'lecture01/xax'?");
  BOOST_TEST(grader::check::unknown_problem_answer("zzz", ids, 1).message ==
             "no problem 'zzz', so this answer was not checked");
  // Shown as read: a bidirectional control is named, not obeyed.
  BOOST_TEST(grader::check::unknown_problem_answer("a\u202Eb", ids, 1).problem_id == "a<U+202E>b");
}
