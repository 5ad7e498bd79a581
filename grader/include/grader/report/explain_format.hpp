#pragma once
// Renderings of a `grader explain` result (check/explain.hpp): text for a person, JSON with
// the same numbers, and the error-versus-step plot. Pure functions of the explanation.

#include <string>

#include "grader/check/explain.hpp"
#include "grader/report/plot.hpp"

namespace grader::report {

// A header (problem, answer, seed, the point's sizes), the table (h, forward and central
// relative error; "undefined" where F is), then the interpretation.
std::string to_text(const check::Explanation& explanation);

// {"problem", "seed", "kind", "answer", "order", "compared", "point": {"dims", "sizes"},
//  "steps": [{"h", "forward", "central", "reference_forward", "reference_central"}],
//  "best": {"forward": {"error", "h"}, "central": ...}, "reference_best": {...},
//  "relative_difference", "consistent", "interpretation", "svg"}; null where an entry is
// missing. `svg` is the path the plot was written to (null when empty).
std::string to_json(const check::Explanation& explanation, const std::string& svg);

// The plot: the answer's forward and central curves, and a correct derivative's, dashed.
LogLogPlot explain_plot(const check::Explanation& explanation);

}  // namespace grader::report
