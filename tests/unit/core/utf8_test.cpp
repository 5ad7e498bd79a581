#define BOOST_TEST_MODULE core_utf8
#include "grader/core/utf8.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using grader::unsafe_to_show;
using grader::utf8_length;
using grader::visible;

BOOST_AUTO_TEST_CASE(strict_decoding_refuses_overlong_forms_surrogates_and_truncation) {
  BOOST_TEST(utf8_length("\xD0\xA5", 0) == 2u);      // Cyrillic Ха
  BOOST_TEST(utf8_length("\xC0\xAF", 0) == 0u);      // overlong '/'
  BOOST_TEST(utf8_length("\xED\xA0\x80", 0) == 0u);  // a surrogate
  BOOST_TEST(utf8_length("\xE2\x80", 0) == 0u);      // truncated
  BOOST_TEST(utf8_length("\x80", 0) == 0u);          // a stray continuation byte
}

BOOST_AUTO_TEST_CASE(controls_invisible_and_bidi_characters_are_unsafe_to_show) {
  for (char32_t cp :
       {U'\x01', U'\x7F', U'\x85', U'\u200B', U'\uFEFF', U'\u202E', U'\u2066', U'\u061C'}) {
    BOOST_TEST(unsafe_to_show(cp), static_cast<unsigned>(cp));
  }
  for (char32_t cp : {U'\t', U'\n', U'a', U'\u0425', U'\u00A0', U'\u2212', U'\uFFFD'}) {
    BOOST_TEST(!unsafe_to_show(cp), static_cast<unsigned>(cp));
  }
}

BOOST_AUTO_TEST_CASE(visible_names_what_it_would_not_show) {
  BOOST_TEST(visible("lecture01/xax") == "lecture01/xax");
  BOOST_TEST(visible("x\u202Eax") == "x<U+202E>ax");
  BOOST_TEST(visible("a\u200Bb\x1b[2J") == "a<U+200B>b<U+001B>[2J");  // no terminal escapes
  BOOST_TEST(visible("d\xD0\xA5 \xFF") == "d\xD0\xA5 <0xFF>");        // a homoglyph stays readable
  BOOST_TEST(visible("line 1\nline 2\t.") == "line 1\nline 2\t.");
}
