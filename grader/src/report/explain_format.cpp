// Text, JSON and plot of a `grader explain` result (explain_format.hpp).

#include "grader/report/explain_format.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace grader::report {

namespace {

using Json = nlohmann::ordered_json;

std::string error_text(const std::optional<double>& e) {
  return e ? fmt::format("{:.1e}", *e) : "undefined";
}

Json number_or_null(const std::optional<double>& e) {
  return e ? Json(*e) : Json(nullptr);
}

Json best_json(const oracle::StepStudy& s) {
  const auto one = [](const std::optional<oracle::CurveMinimum>& m) {
    return m ? Json{{"error", m->error}, {"h", m->h}} : Json(nullptr);
  };
  return Json{{"forward", one(s.best_forward)}, {"central", one(s.best_central)}};
}

std::string point_text(const check::Explanation& e) {
  std::string out;
  for (const auto& [name, n] : e.dims)
    out += fmt::format("{}{} = {}", out.empty() ? "" : ", ", name, n);
  std::string sizes;
  for (const auto& [name, size] : e.sizes)
    sizes += fmt::format("{}{} {}", sizes.empty() ? "" : ", ", name, size);
  if (!sizes.empty()) out += (out.empty() ? "" : "; ") + sizes;
  return out;
}

// The verdict as the picture and the text state it: the checker's, then the curves'.
std::string verdict_line(const check::Explanation& e) {
  return fmt::format("verdict: {} (grader try); the differences {}", check::to_string(e.verdict),
                     e.consistent ? "are consistent with F" : "show a floor: not F's derivative");
}

// What finite differences cannot see, in one line (a Hessian with the right symmetric part).
std::string hidden_line(const check::Explanation::HiddenDifference& h) {
  return fmt::format(
      "H is off by {:.1e} but (H + H')/2 is right: differences cannot see it; u'*H*v = {:.6g}, "
      "correct {:.6g}",
      h.matrix_difference, h.yours, h.correct);
}

// The same for a bilinear form right only on equal directions.
std::string hidden_line(const check::Explanation::HiddenAsymmetry& h) {
  return fmt::format(
      "right for {1} = {0} only: differences cannot see it; off by {2:.1e} on two directions, "
      "swapping them changes it by {3:.1e}",
      h.first, h.second, h.difference, h.swapped);
}

}  // namespace

std::string to_text(const check::Explanation& e) {
  std::string out =
      fmt::format("{}: finite differences of F against {}\n", e.problem_id, e.compared);
  out += fmt::format("  answer: {}\n", e.answer);
  out += fmt::format("  point:  random point 1 of seed {} ({})\n", e.seed, point_text(e));
  out += fmt::format("  {}\n\n", verdict_line(e));
  out += fmt::format("  {:>8}  {:>9}  {:>9}\n", "h", "forward", "central");
  for (const auto& row : e.yours.rows) {
    out += fmt::format("  {:>8}  {:>9}  {:>9}\n", check::format_step(row.h),
                       error_text(row.forward), error_text(row.central));
  }
  out += fmt::format("  (relative error ‖D_h − D‖/‖D‖ of the {} D_h against your D)\n\n",
                     e.yours.order == 2 ? "second differences" : "differences");
  out += e.interpretation + "\n";
  if (e.hidden) {
    out += fmt::format(
        "\n  the check finite differences cannot make, at this point (u, v: two directions):\n"
        "  {:>28}  {:>14}  {:>14}\n  {:>28}  {:>14.1e}  {:>14}\n  {:>28}  {:>14.6g}  {:>14.6g}\n"
        "  {:>28}  {:>14.6g}  {:>14.6g}\n",
        "", "yours", "a correct one", "H entry by entry (relative)", e.hidden->matrix_difference,
        "0", "bilinear form u'*H*v", e.hidden->yours, e.hidden->correct,
        "quadratic form u'*H*u (seen)", e.hidden->quadratic, e.hidden->quadratic_correct);
  }
  if (const auto& b = e.hidden_bilinear) {
    const std::string swapped =
        fmt::format("d²F[{1}, {0}] against d²F[{0}, {1}]", b->first, b->second);
    out += fmt::format(
        "\n  the check finite differences cannot make, at this point ({0}, {1}: two "
        "directions):\n  {2:>40}  {3:>9}\n  {4:>40}  {5:>9.1e}\n  {6:>40}  {7:>9.1e}  (0 for a "
        "second derivative)\n  {8:>40}  {9:>9.1e}\n",
        b->first, b->second, "", "relative",
        fmt::format("d²F[{}, {}] against a correct one", b->first, b->second), b->difference,
        swapped, b->swapped, fmt::format("d²F[{0}, {0}] against a correct one (seen)", b->first),
        b->seen);
  }
  return out;
}

std::string to_json(const check::Explanation& e, const std::string& svg) {
  Json j;
  j["problem"] = e.problem_id;
  j["seed"] = e.seed;
  j["kind"] = spec::to_string(e.kind);
  j["answer"] = e.answer;
  j["order"] = e.yours.order;
  j["compared"] = e.compared;
  Json dims = Json::object();
  for (const auto& [name, n] : e.dims) dims[name] = n;
  Json sizes = Json::object();
  for (const auto& [name, size] : e.sizes) sizes[name] = size;
  j["point"] = Json{{"trial", 1}, {"dims", dims}, {"sizes", sizes}};
  Json steps = Json::array();
  for (std::size_t k = 0; k < e.yours.rows.size(); ++k) {
    const auto& row = e.yours.rows[k];
    Json s{{"h", row.h},
           {"forward", number_or_null(row.forward)},
           {"central", number_or_null(row.central)}};
    if (k < e.reference.rows.size()) {
      s["reference_forward"] = number_or_null(e.reference.rows[k].forward);
      s["reference_central"] = number_or_null(e.reference.rows[k].central);
    }
    steps.push_back(std::move(s));
  }
  j["steps"] = std::move(steps);
  j["best"] = best_json(e.yours);
  j["reference_best"] = best_json(e.reference);
  j["relative_difference"] = e.relative_difference;
  j["consistent"] = e.consistent;
  j["interpretation"] = e.interpretation;
  j["verdict"] = check::to_string(e.verdict);
  j["hidden_difference"] = e.hidden ? Json{{"matrix_difference", e.hidden->matrix_difference},
                                           {"bilinear_yours", e.hidden->yours},
                                           {"bilinear_correct", e.hidden->correct},
                                           {"quadratic_yours", e.hidden->quadratic},
                                           {"quadratic_correct", e.hidden->quadratic_correct}}
                                    : Json(nullptr);
  const auto& b = e.hidden_bilinear;
  j["hidden_asymmetry"] =
      b ? Json{{"difference", b->difference}, {"swapped", b->swapped}, {"seen", b->seen}}
        : Json(nullptr);
  j["svg"] = svg.empty() ? Json(nullptr) : Json(svg);
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

LogLogPlot explain_plot(const check::Explanation& e) {
  LogLogPlot plot;
  plot.title = fmt::format("{}: {}", e.problem_id, e.answer);
  plot.x_label = "step h";
  plot.notes.push_back(verdict_line(e));
  if (e.hidden) plot.notes.push_back(hidden_line(*e.hidden));
  if (e.hidden_bilinear) plot.notes.push_back(hidden_line(*e.hidden_bilinear));
  plot.y_label =
      e.yours.order == 2 ? "relative error of second differences" : "relative error of differences";
  const auto curve = [](const oracle::StepStudy& s, bool central) {
    std::vector<std::pair<double, double>> points;
    for (const auto& row : s.rows) {
      const auto& v = central ? row.central : row.forward;
      points.emplace_back(row.h, v ? *v : NAN);
    }
    return points;
  };
  plot.series = {
      {"forward, your derivative", curve(e.yours, false), false, "#1f77b4"},
      {"central, your derivative", curve(e.yours, true), false, "#d62728"},
      {"forward, a correct one", curve(e.reference, false), true, "#9ecae1"},
      {"central, a correct one", curve(e.reference, true), true, "#fc9272"},
  };
  return plot;
}

}  // namespace grader::report
