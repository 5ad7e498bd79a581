#define BOOST_TEST_MODULE spec_diagnosis
#include "grader/spec/diagnosis.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "../support/markdown.hpp"

using namespace grader::spec;

BOOST_AUTO_TEST_CASE(every_key_reads_back_from_its_name) {
  for (const DiagnosisInfo& row : kDiagnoses) {
    BOOST_TEST(std::string(to_string(row.key)) == std::string(row.name));
    BOOST_TEST((parse_diagnosis_key(row.name) == row.key), row.name);
  }
  BOOST_TEST(!parse_diagnosis_key("signs"));
  BOOST_TEST(!parse_diagnosis_key("term_sign"));
}

BOOST_AUTO_TEST_CASE(partial_credit_names_every_key_but_mistake) {
  const auto& keys = diagnosis_keys();
  BOOST_TEST(keys.size() + 1 == std::size(kDiagnoses));
  BOOST_TEST(keys.front() == "zero");
  BOOST_TEST((std::find(keys.begin(), keys.end(), "mistake") == keys.end()));
  for (const auto& name : keys) BOOST_TEST((parse_diagnosis_key(name) != DiagnosisKey::mistake));
}

// docs/diagnoses.md copies the table for readers: the same keys, in order, with the same
// meanings.
BOOST_AUTO_TEST_CASE(the_docs_table_lists_exactly_the_keys) {
  const auto rows = grader_test::markdown_table(
      std::string(GRADER_SOURCE_DIR) + "/docs/diagnoses.md", "| key | meaning |");
  BOOST_TEST_REQUIRE(rows.size() == std::size(kDiagnoses));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const DiagnosisInfo& row = kDiagnoses[k];
    BOOST_TEST_REQUIRE(rows[k].size() == 2u);
    BOOST_TEST(rows[k][0] == "`" + std::string(row.name) + "`");
    BOOST_TEST(rows[k][1] == std::string(row.meaning));
  }
}

// docs/how-answers-are-decided.md explains how each key is found, some keys sharing a row:
// every key it names is a key, and every key but `mistake` is explained there.
BOOST_AUTO_TEST_CASE(the_guide_explains_every_key_and_only_keys) {
  const auto rows = grader_test::markdown_table(
      std::string(GRADER_SOURCE_DIR) + "/docs/how-answers-are-decided.md",
      "| key | the test | evidence in the sentence |");
  std::set<std::string> named;
  for (const auto& row : rows) {
    BOOST_TEST_REQUIRE(!row.empty());
    std::string cell = row[0];
    for (std::size_t open = cell.find('`'); open != std::string::npos;) {
      const std::size_t close = cell.find('`', open + 1);
      BOOST_TEST_REQUIRE(close != std::string::npos);
      const std::string key = cell.substr(open + 1, close - open - 1);
      BOOST_TEST(parse_diagnosis_key(key).has_value(), key << " is not a diagnosis key");
      named.insert(key);
      open = cell.find('`', close + 1);
    }
  }
  for (const auto& key : diagnosis_keys()) BOOST_TEST(named.count(key) == 1u, key);
}
