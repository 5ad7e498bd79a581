#pragma once
// Escaping text for XML 1.0 (JUnit reports, SVG plots).

#include <string>
#include <string_view>

namespace grader::report {

// Text safe for XML 1.0 character data or a double- or single-quoted attribute: the five
// special characters escaped, characters XML 1.0 forbids (controls other than tab, newline and
// carriage return; U+FFFE, U+FFFF) dropped, bytes that are not UTF-8 replaced by U+FFFD. In an
// attribute, tab/newline/CR are written as character references so parsers keep them.
std::string xml_escape(std::string_view s, bool attribute);

}  // namespace grader::report
