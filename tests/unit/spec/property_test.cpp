#define BOOST_TEST_MODULE spec_property
#include "grader/spec/property.hpp"

#include <boost/test/unit_test.hpp>
#include <map>
#include <set>
#include <string>

#include "../support/markdown.hpp"

using namespace grader::spec;
using P = Property;

BOOST_AUTO_TEST_CASE(one_row_per_property_in_enum_order_with_unique_names) {
  const auto table = property_table();
  BOOST_TEST(table.size() == static_cast<std::size_t>(P::full_rank) + 1);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < table.size(); ++i) {
    BOOST_TEST(static_cast<std::size_t>(table[i].property) == i);
    BOOST_TEST(&row(table[i].property) == &table[i]);
    BOOST_TEST(names.insert(table[i].name).second, "name " << table[i].name << " twice");
  }
}

BOOST_AUTO_TEST_CASE(names_as_written_in_yaml_round_trip) {
  BOOST_TEST(std::string(to_string(P::positive_definite)) == "positive-definite");
  BOOST_TEST(std::string(to_string(P::skew_symmetric)) == "skew-symmetric");
  BOOST_TEST(std::string(to_string(P::distinct_eigenvalues)) == "distinct-eigenvalues");
  BOOST_TEST(std::string(to_string(P::full_rank)) == "full-rank");
  for (const PropertyRow& r : property_table()) {
    BOOST_TEST((property_named(r.name) == std::optional<Property>(r.property)), r.name);
    BOOST_TEST(std::string(to_string(r.property)) == std::string(r.name));
  }
  BOOST_TEST(!property_named("positive_definite"));  // YAML writes a hyphen
  BOOST_TEST(!property_named("Symmetric"));
  BOOST_TEST(!property_named(""));
}

// The loader refuses these on a matrix that is not declared square, and the sampler therefore
// never draws one (diagonal and triangular included: problems/README.md says "square").
BOOST_AUTO_TEST_CASE(what_needs_a_square_matrix_or_a_vector) {
  const std::set<P> square = {P::symmetric,        P::skew_symmetric,   P::positive_definite,
                              P::invertible,       P::orthogonal,       P::diagonal,
                              P::upper_triangular, P::lower_triangular, P::distinct_eigenvalues};
  for (const PropertyRow& r : property_table()) {
    BOOST_TEST(r.needs_square == (square.count(r.property) > 0), r.name);
    BOOST_TEST(r.needs_column_vector == (r.property == P::unit), r.name);
  }
}

BOOST_AUTO_TEST_CASE(what_fixes_the_entries_so_that_no_range_applies) {
  for (const PropertyRow& r : property_table()) {
    const bool fixed =
        r.property == P::orthogonal || r.property == P::positive_definite || r.property == P::unit;
    BOOST_TEST(r.fixes_entries == fixed, r.name);
  }
}

BOOST_AUTO_TEST_CASE(directions_are_restricted_by_every_structural_property) {
  BOOST_TEST((row(P::symmetric).structure == Structure::symmetric));
  BOOST_TEST((row(P::positive_definite).structure == Structure::symmetric));
  BOOST_TEST((row(P::distinct_eigenvalues).structure == Structure::symmetric));
  BOOST_TEST((row(P::skew_symmetric).structure == Structure::skew));
  BOOST_TEST((row(P::orthogonal).structure == Structure::orthogonal));
  BOOST_TEST((row(P::unit).structure == Structure::unit));
  for (const P p : {P::diagonal, P::upper_triangular, P::lower_triangular}) {
    BOOST_TEST((row(p).structure == Structure::zeros));
    BOOST_TEST((row(p).zeros != Zeros::none));
  }
  // Open conditions: any small direction keeps them.
  for (const P p : {P::invertible, P::positive, P::full_rank}) {
    BOOST_TEST(!restricts_directions(p));
  }
  for (const PropertyRow& r : property_table()) {
    BOOST_TEST(restricts_directions(r.property) == (r.structure != Structure::open), r.name);
    BOOST_TEST((r.zeros != Zeros::none) == (r.structure == Structure::zeros), r.name);
  }
}

BOOST_AUTO_TEST_CASE(zero_patterns) {
  // Entry (i, j) of a 3×3 matrix, row by row.
  const auto pattern = [](Zeros zeros) {
    std::string out;
    for (long i = 0; i < 3; ++i) {
      for (long j = 0; j < 3; ++j) out += zero_at(zeros, i, j) ? '0' : 'x';
      out += i < 2 ? "/" : "";
    }
    return out;
  };
  BOOST_TEST(pattern(row(P::diagonal).zeros) == "x00/0x0/00x");
  BOOST_TEST(pattern(row(P::upper_triangular).zeros) == "xxx/0xx/00x");
  BOOST_TEST(pattern(row(P::lower_triangular).zeros) == "x00/xx0/xxx");
  BOOST_TEST(pattern(Zeros::none) == "xxx/xxx/xxx");
}

BOOST_AUTO_TEST_CASE(what_the_re_tests_may_replace) {
  const std::set<P> symmetric_part = {P::invertible, P::full_rank, P::positive,
                                      P::distinct_eigenvalues, P::skew_symmetric};
  const std::set<P> similar = {P::invertible, P::full_rank, P::distinct_eigenvalues};
  const std::set<P> orthogonally = {P::symmetric, P::positive_definite};
  for (const PropertyRow& r : property_table()) {
    BOOST_TEST(r.symmetric_part_ok == (symmetric_part.count(r.property) > 0), r.name);
    const Commuting expected = similar.count(r.property) > 0 ? Commuting::similar
                               : orthogonally.count(r.property) > 0
                                   ? Commuting::orthogonally_similar
                                   : Commuting::refused;
    BOOST_TEST((r.commuting == expected), r.name);
  }
}

BOOST_AUTO_TEST_CASE(conflicts_are_distinct_pairs_with_reasons) {
  std::set<std::pair<P, P>> seen;
  for (const PropertyConflict& c : property_conflicts()) {
    BOOST_TEST((c.a != c.b));
    BOOST_TEST(std::string(c.reason).size() > 0);
    const auto pair = c.a < c.b ? std::make_pair(c.a, c.b) : std::make_pair(c.b, c.a);
    BOOST_TEST(seen.insert(pair).second, to_string(c.a) << " + " << to_string(c.b) << " twice");
  }
  BOOST_TEST(seen.count({P::symmetric, P::skew_symmetric}) == 1u);
  BOOST_TEST(seen.count({P::upper_triangular, P::lower_triangular}) == 1u);
  // Allowed combinations (problems/README.md).
  BOOST_TEST(seen.count({P::symmetric, P::positive_definite}) == 0u);
  BOOST_TEST(seen.count({P::positive_definite, P::diagonal}) == 0u);
  BOOST_TEST(seen.count({P::positive, P::invertible}) == 0u);
  BOOST_TEST(seen.count({P::positive, P::unit}) == 0u);
}

// problems/README.md's table of properties tells authors what each needs: exactly the
// properties of the table, each needing what the table says.
BOOST_AUTO_TEST_CASE(the_authors_table_lists_every_property_and_what_it_needs) {
  const auto rows = grader_test::markdown_table(
      std::string(GRADER_SOURCE_DIR) + "/problems/README.md", "| property | needs | drawn as |");
  std::map<std::string, std::string> documented;
  for (const auto& row : rows) documented[row.at(0)] = row.at(1);
  BOOST_TEST(documented.size() == rows.size());  // no property twice
  BOOST_TEST(documented.size() == property_table().size());
  for (const auto& row : property_table()) {
    const std::string needs = row.needs_square          ? "square"
                              : row.needs_column_vector ? "column vector"
                                                        : "any shape";
    const auto it = documented.find("`" + std::string(row.name) + "`");
    BOOST_TEST_REQUIRE((it != documented.end()), row.name << " is not documented");
    BOOST_TEST(it->second == needs, row.name);
  }
}
