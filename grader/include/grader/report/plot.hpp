#pragma once
// A small log-log line plot written as standalone SVG 1.1 (no fonts, scripts or external
// files): a title, both axes in powers of ten with a grid at every decade, one polyline per
// series, and a legend. Used by `grader explain` for error-versus-step curves; generic
// otherwise.

#include <string>
#include <utility>
#include <vector>

namespace grader::report {

struct PlotSeries {
  std::string name;  // shown in the legend
  // (x, y) in order. A point with x or y not finite and positive cannot be drawn on log
  // axes: it is a gap, and the polyline breaks there.
  std::vector<std::pair<double, double>> points;
  bool dashed = false;
  std::string color;  // an SVG colour ("#1f77b4"); empty: the next of a fixed palette
};

struct LogLogPlot {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<PlotSeries> series;
  // Lines of text under the title (grader explain: the verdict), escaped like every text.
  std::vector<std::string> notes;
  int width = 760;
  int height = 480;
};

// The plot as an SVG document. Every text (title, labels, names) is escaped for XML, so a
// student's formula may appear in it as typed. The axes span the decades that hold the
// drawable points (at least one decade each); with no drawable point, 1e-16..1 on both.
std::string to_svg(const LogLogPlot& plot);

}  // namespace grader::report
