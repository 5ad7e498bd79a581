// Log-log SVG line plots (plot.hpp).
//
// Decisions:
//  - Axes run over whole decades (floor/ceil of log10 of the drawable points), so that every
//    grid line is a power of ten and its label is 10^k, written as "10" and a raised tspan
//    (SVG 1.1 has no superscript; dy works in every renderer). With more than ten decades
//    only every other one is labelled, so that labels do not collide.
//  - The legend sits in a margin right of the plot, never over the curves.
//  - Coordinates are written with one decimal: the picture does not need more, and the
//    output is the same on every machine for the same data.

#include "grader/report/plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "grader/report/xml.hpp"

namespace grader::report {

namespace {

std::string escape(std::string_view s) {
  return xml_escape(s, true);
}

bool drawable(const std::pair<double, double>& p) {
  return std::isfinite(p.first) && std::isfinite(p.second) && p.first > 0 && p.second > 0;
}

// The decades [lo, hi] (integers, hi > lo) covering the values.
struct Decades {
  int lo = -16;
  int hi = 0;
};

Decades decades_of(const std::vector<double>& logs) {
  if (logs.empty()) return {};
  const auto [mn, mx] = std::minmax_element(logs.begin(), logs.end());
  Decades d{static_cast<int>(std::floor(*mn)), static_cast<int>(std::ceil(*mx))};
  if (d.hi <= d.lo) d.hi = d.lo + 1;
  return d;
}

// "10" with the exponent raised: 10^-8 as 10<tspan>−8</tspan>.
std::string power_label(int k) {
  if (k == 0) return "1";
  return fmt::format("10<tspan dy=\"-6\" font-size=\"10\">{}{}</tspan>", k < 0 ? "\u2212" : "",
                     std::abs(k));
}

constexpr std::array<const char*, 6> kPalette = {"#1f77b4", "#d62728", "#2ca02c",
                                                 "#ff7f0e", "#9467bd", "#7f7f7f"};

// The plot area within the picture (the margins hold the title, tick labels, axis labels and
// legend) and the decades it spans.
struct Frame {
  double left = 78;
  double top = 44;
  double width = 0;   // of the plot area
  double height = 0;  // of the plot area
  Decades x;
  Decades y;

  // Where decade k's grid line is.
  double x_at(int k) const { return left + static_cast<double>(k - x.lo) / (x.hi - x.lo) * width; }
  double y_at(int k) const { return top + static_cast<double>(y.hi - k) / (y.hi - y.lo) * height; }
  // Where a (positive) value is.
  double x_of(double value) const {
    return left + (std::log10(value) - x.lo) / (x.hi - x.lo) * width;
  }
  double y_of(double value) const {
    return top + (y.hi - std::log10(value)) / (y.hi - y.lo) * height;
  }
};

Frame frame_of(const LogLogPlot& plot) {
  const double right_margin = 210, bottom = 56;
  Frame f;
  f.top += 18.0 * static_cast<double>(plot.notes.size());
  f.width = plot.width - f.left - right_margin;
  f.height = plot.height - f.top - bottom;
  std::vector<double> xs, ys;
  for (const auto& s : plot.series) {
    for (const auto& p : s.points) {
      if (!drawable(p)) continue;
      xs.push_back(std::log10(p.first));
      ys.push_back(std::log10(p.second));
    }
  }
  f.x = decades_of(xs);
  f.y = decades_of(ys);
  return f;
}

// The XML prolog, the svg element, the title and the white background.
std::string header(const LogLogPlot& plot, const Frame& f) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n";
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n",
      plot.width, plot.height);
  out += fmt::format("<title>{}</title>\n", escape(plot.title));
  out += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"white\"/>\n",
                     plot.width, plot.height);
  out +=
      fmt::format("<text x=\"{:.1f}\" y=\"24\" text-anchor=\"middle\" font-size=\"14\">{}</text>\n",
                  f.left + f.width / 2, escape(plot.title));
  for (std::size_t k = 0; k < plot.notes.size(); ++k) {
    out += fmt::format(
        "<text class=\"note\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
        "font-size=\"11\">{}</text>\n",
        plot.width / 2.0, 44.0 + 18.0 * static_cast<double>(k), escape(plot.notes[k]));
  }
  return out;
}

// Grid and tick labels, one per decade.
std::string grid(const Frame& f) {
  std::string out = "<g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">\n";
  for (int k = f.x.lo; k <= f.x.hi; ++k) {
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>\n",
                       f.x_at(k), f.top, f.top + f.height);
  }
  for (int k = f.y.lo; k <= f.y.hi; ++k) {
    out += fmt::format("<line x1=\"{1:.1f}\" y1=\"{0:.1f}\" x2=\"{2:.1f}\" y2=\"{0:.1f}\"/>\n",
                       f.y_at(k), f.left, f.left + f.width);
  }
  out += "</g>\n<g class=\"ticks\">\n";
  const int x_every = f.x.hi - f.x.lo > 10 ? 2 : 1;
  for (int k = f.x.hi; k >= f.x.lo; k -= x_every) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                       f.x_at(k), f.top + f.height + 20, power_label(k));
  }
  const int y_every = f.y.hi - f.y.lo > 10 ? 2 : 1;
  for (int k = f.y.hi; k >= f.y.lo; k -= y_every) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
                       f.left - 8, f.y_at(k) + 4, power_label(k));
  }
  return out + "</g>\n";
}

// The box around the plot area and the axis labels.
std::string axes(const LogLogPlot& plot, const Frame& f) {
  std::string out = fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
      "stroke=\"black\"/>\n",
      f.left, f.top, f.width, f.height);
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                     f.left + f.width / 2, plot.height - 14.0, escape(plot.x_label));
  out += fmt::format(
      "<text x=\"18\" y=\"{0:.1f}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {0:.1f})\">"
      "{1}</text>\n",
      f.top + f.height / 2, escape(plot.y_label));
  return out;
}

// Series i: its curve, broken at undrawable points, and its line in the legend.
std::string curve(const PlotSeries& s, std::size_t i, const Frame& f) {
  const std::string color = s.color.empty() ? kPalette[i % kPalette.size()] : s.color;
  const std::string style = fmt::format("fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}",
                                        escape(color), s.dashed ? " stroke-dasharray=\"6 4\"" : "");
  std::vector<std::string> runs(1);
  for (const auto& p : s.points) {
    if (!drawable(p)) {
      if (!runs.back().empty()) runs.emplace_back();
      continue;
    }
    runs.back() += fmt::format("{}{:.1f},{:.1f}", runs.back().empty() ? "" : " ", f.x_of(p.first),
                               f.y_of(p.second));
  }
  std::string out;
  for (const auto& run : runs) {
    if (!run.empty()) out += fmt::format("<polyline {} points=\"{}\"/>\n", style, run);
  }
  const double ly = f.top + 14 + 22 * static_cast<double>(i);
  const double lx = f.left + f.width + 14;
  out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" {}/>\n", lx, ly,
                     lx + 28, ly, style);
  out +=
      fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", lx + 36, ly + 4, escape(s.name));
  return out;
}

}  // namespace

std::string to_svg(const LogLogPlot& plot) {
  const Frame f = frame_of(plot);
  std::string out = header(plot, f) + grid(f) + axes(plot, f);
  for (std::size_t i = 0; i < plot.series.size(); ++i) out += curve(plot.series[i], i, f);
  return out + "</svg>\n";
}

}  // namespace grader::report
