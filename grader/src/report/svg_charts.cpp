// The class charts (svg_charts.hpp). Coordinates are written with one decimal, so the output
// is the same on every machine for the same class.

#include "grader/report/svg_charts.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "grader/report/xml.hpp"

namespace grader::report {

namespace {

std::string escape(const std::string& s) {
  return xml_escape(s, true);
}

std::string svg_open(int width, int height, const std::string& label) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n",
      width, height, escape(label));
}

// A percentage with one decimal at most: "73.3", "100", "0".
std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return "0";
  const double p = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  std::string s = fmt::format("{:.1f}", p);
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  return s;
}

}  // namespace

std::string svg_score_histogram(const ClassAnalytics& a) {
  constexpr int kWidth = 640, kHeight = 320, kLeft = 50, kRight = 20, kTop = 40, kBottom = 50;
  constexpr double kPlotWidth = kWidth - kLeft - kRight;
  constexpr double kPlotHeight = kHeight - kTop - kBottom;
  const std::size_t most =
      std::max<std::size_t>(1, *std::max_element(a.histogram.begin(), a.histogram.end()));
  std::string out = svg_open(kWidth, kHeight, "Histogram of scores");
  out += fmt::format(
      "<text class=\"title\" x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">"
      "Scores of {} students (percent of {} points)</text>\n",
      kWidth / 2, a.students, escape(format_points(a.max_score)));
  const double slot = kPlotWidth / static_cast<double>(kHistogramBins);
  for (std::size_t k = 0; k < kHistogramBins; ++k) {
    const std::size_t n = a.histogram[k];
    const double h = kPlotHeight * static_cast<double>(n) / static_cast<double>(most);
    const double x = kLeft + slot * static_cast<double>(k);
    const double y = kTop + kPlotHeight - h;
    const std::string bin = fmt::format("{}-{}", 10 * k, 10 * (k + 1));
    out += fmt::format(
        "<rect class=\"bar\" data-bin=\"{}\" data-count=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" "
        "width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#1f77b4\"><title>{}%: {} students</title>"
        "</rect>\n",
        bin, n, x + 2, y, slot - 4, h, bin, n);
    out += fmt::format(
        "<text class=\"count\" data-bin=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" "
        "text-anchor=\"middle\">{}</text>\n",
        bin, x + slot / 2, y - 4, n);
    out += fmt::format(
        "<text class=\"axis\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">"
        "{}%</text>\n",
        x + slot / 2, kTop + kPlotHeight + 16, bin);
  }
  out += fmt::format(
      "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#333\"/>\n", kLeft,
      kTop + kPlotHeight, kLeft + kPlotWidth);
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">score (percent of the maximum)</text>\n",
      kWidth / 2, kHeight - 10);
  out += "</svg>\n";
  return out;
}

std::string svg_pass_rates(const ClassAnalytics& a) {
  constexpr int kWidth = 820, kLeft = 260, kRight = 190, kTop = 40, kRow = 20;
  constexpr double kPlotWidth = kWidth - kLeft - kRight;
  const int height = kTop + kRow * static_cast<int>(a.problems.size()) + 20;
  std::string out = svg_open(kWidth, height, "Pass rate per problem");
  out += fmt::format(
      "<text class=\"title\" x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">"
      "Pass rate per problem, of the answers given ({} students graded)</text>\n",
      kWidth / 2, a.students - a.unreadable);
  for (std::size_t k = 0; k < a.problems.size(); ++k) {
    const ProblemAnalytics& p = a.problems[k];
    const std::size_t answered = p.answered();
    const double rate = p.pass_rate().value_or(0.0);
    const std::string figure =
        answered == 0
            ? fmt::format("not answered ({} missing)", p.missing)
            : fmt::format("{}% ({}/{} answered)", percent(p.passed, answered), p.passed, answered);
    const double y = kTop + kRow * static_cast<double>(k);
    const std::string id = escape(p.id);
    out +=
        fmt::format("<text class=\"label\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
                    kLeft - 6, y + 14, id);
    out += fmt::format(
        "<rect class=\"track\" x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" "
        "fill=\"#eeeeee\"/>\n",
        kLeft, y + 3, kPlotWidth, kRow - 6);
    out += fmt::format(
        "<rect class=\"bar\" data-problem=\"{}\" data-passed=\"{}\" data-answered=\"{}\" "
        "data-percent=\"{}\" x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" "
        "fill=\"#2ca02c\"><title>{}: {}</title></rect>\n",
        id, p.passed, answered, answered == 0 ? "" : percent(p.passed, answered), kLeft, y + 3,
        kPlotWidth * rate, kRow - 6, id, figure);
    out += fmt::format(
        "<text class=\"rate\" data-problem=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", id,
        kLeft + kPlotWidth + 6, y + 14, figure);
  }
  out += "</svg>\n";
  return out;
}

}  // namespace grader::report
