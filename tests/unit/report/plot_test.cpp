#define BOOST_TEST_MODULE report_plot
#include "grader/report/plot.hpp"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>

namespace rep = grader::report;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

// Three points over two decades of x and four of y, default 760×480 canvas: the plot area is
// x in [78, 550], y in [44, 424].
rep::LogLogPlot simple_plot() {
  rep::LogLogPlot plot;
  plot.title = "error of a<b & c";
  plot.x_label = "step h";
  plot.y_label = "relative error";
  plot.series.push_back({"forward", {{1.0, 1.0}, {0.1, 0.01}, {0.01, 1e-4}}, false, ""});
  return plot;
}

}  // namespace

BOOST_AUTO_TEST_CASE(is_a_standalone_svg_1_1_document) {
  const std::string svg = rep::to_svg(simple_plot());
  BOOST_TEST(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"", 0) == 0u, svg);
  BOOST_TEST(contains(svg,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                      "width=\"760\" height=\"480\""),
             svg);
  BOOST_TEST(svg.size() >= 7);
  BOOST_TEST(svg.substr(svg.size() - 7) == "</svg>\n");
  BOOST_TEST(!contains(svg, "href"));  // nothing external
}

BOOST_AUTO_TEST_CASE(points_are_placed_on_log_axes) {
  const std::string svg = rep::to_svg(simple_plot());
  // log10 x in [-2, 0] -> [78, 550]; log10 y in [-4, 0] -> [424, 44].
  BOOST_TEST(contains(svg, "points=\"550.0,44.0 314.0,234.0 78.0,424.0\""), svg);
}

BOOST_AUTO_TEST_CASE(axes_are_labelled_in_powers_of_ten) {
  const std::string svg = rep::to_svg(simple_plot());
  BOOST_TEST(contains(svg, ">10<tspan dy=\"-6\" font-size=\"10\">\u22124</tspan></text>"), svg);
  BOOST_TEST(contains(svg, ">10<tspan dy=\"-6\" font-size=\"10\">\u22122</tspan></text>"), svg);
  BOOST_TEST(contains(svg, ">1</text>"), svg);
  // One grid line per decade: 3 for x (10^-2..1), 5 for y (10^-4..1), and the legend's line.
  BOOST_TEST(count(svg, "<line ") == 3u + 5u + 1u, svg);
  BOOST_TEST(contains(svg, ">step h</text>"));
  BOOST_TEST(contains(svg, ">relative error</text>"));
}

BOOST_AUTO_TEST_CASE(text_is_escaped) {
  rep::LogLogPlot plot = simple_plot();
  plot.series[0].name = "x' & \"y\" <z>";
  plot.title += std::string("\x01\xff");  // a control character and a byte that is not UTF-8
  const std::string svg = rep::to_svg(plot);
  BOOST_TEST(contains(svg, ">error of a&lt;b &amp; c\xEF\xBF\xBD</text>"), svg);
  BOOST_TEST(contains(svg, "<title>error of a&lt;b &amp; c\xEF\xBF\xBD</title>"), svg);
  BOOST_TEST(contains(svg, ">x&apos; &amp; &quot;y&quot; &lt;z&gt;</text>"), svg);
  BOOST_TEST(!contains(svg, "a<b"));
  BOOST_TEST(!contains(svg, "<z>"));
  BOOST_TEST(!contains(svg, "\x01"));
}

BOOST_AUTO_TEST_CASE(undrawable_points_break_the_line) {
  rep::LogLogPlot plot = simple_plot();
  plot.series[0].points.insert(plot.series[0].points.begin() + 1, {0.3, NAN});
  plot.series[0].points.push_back({0.005, 0.0});  // zero: not on a log axis
  const std::string svg = rep::to_svg(plot);
  BOOST_TEST(count(svg, "<polyline ") == 2u, svg);
  BOOST_TEST(contains(svg, "points=\"550.0,44.0\""), svg);
  BOOST_TEST(contains(svg, "points=\"314.0,234.0 78.0,424.0\""), svg);
}

BOOST_AUTO_TEST_CASE(series_get_colours_dashes_and_a_legend) {
  rep::LogLogPlot plot = simple_plot();
  plot.series.push_back({"central", {{1.0, 0.5}, {0.01, 1e-3}}, true, "#123456"});
  const std::string svg = rep::to_svg(plot);
  BOOST_TEST(contains(svg, "stroke=\"#1f77b4\""), svg);  // the palette's first
  BOOST_TEST(contains(svg, "stroke=\"#123456\" stroke-width=\"2\" stroke-dasharray=\"6 4\""), svg);
  BOOST_TEST(contains(svg, ">forward</text>"));
  BOOST_TEST(contains(svg, ">central</text>"));
}

BOOST_AUTO_TEST_CASE(an_empty_plot_still_has_axes) {
  rep::LogLogPlot plot;
  plot.title = "nothing";
  const std::string svg = rep::to_svg(plot);
  BOOST_TEST(!contains(svg, "<polyline"));
  BOOST_TEST(contains(svg, ">10<tspan dy=\"-6\" font-size=\"10\">\u221216</tspan></text>"), svg);
}
