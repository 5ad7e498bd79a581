// Benchmark: which 50-digit type should grader use for small matrix formulas?
//
// Compares boost::multiprecision cpp_bin_float<50> (header-only, storage
// inline) with mpfr_float_backend<50> (libmpfr, heap-allocated limbs), both
// with expression templates off, because Eigen's own expression templates do
// not mix reliably with Boost's.
//
// Workloads (n in {4, 8}):
//   f_formula : F = dX*A*X + X*A*dX - inv(X)*dX*inv(X), inverse via PartialPivLU
//   det_lu    : det(X) via PartialPivLU
//   scalar_fn : sqrt, exp and log of 100 scalars (independent of n, run once)
// Each row reports the median over 31 samples of the mean time per
// evaluation, in microseconds; samples of the two types alternate.
//
// Accuracy: sqrt(2) is printed with 50 significant digits and compared digit
// by digit with a 76-digit reference literal.
//
// Choice rule (printed at the end as "choice: ..."):
//   the faster type is the one with the lower median time on the majority of
//   the five rows; take it unless it has fewer than 48 correct digits of
//   sqrt(2), in which case take the other one.

#include <Eigen/Dense>
#include <algorithm>
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/eigen.hpp>
#include <boost/multiprecision/mpfr.hpp>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <iomanip>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace mp = boost::multiprecision;

using cpp_bin_float_50 = mp::number<mp::cpp_bin_float<50>, mp::et_off>;
using mpfr_float_50 = mp::number<mp::mpfr_float_backend<50>, mp::et_off>;

namespace {

constexpr const char* sqrt2_reference =
    "1.4142135623730950488016887242096980785696718753769480731766797379907324784621";

constexpr int min_correct_digits = 48;

// Keeps results observable so the optimiser cannot drop the timed work.
// Only a comparison with zero is stored, which is cheap for both types.
volatile double sink = 0;

template <class T>
void consume(const T& value) {
  sink = sink + (value < 0 ? 1.0 : 0.0);
}

// Inputs are drawn as doubles (same seed for both types, so both see the same
// problem) and then divided by 3: a double has 53 significant bits, and 1/3
// fills the whole 50-digit mantissa, so neither library gets cheap
// short-mantissa arithmetic.
template <class T>
T full_width(double value) {
  return T(value) / T(3);
}

template <class T, int n>
using matrix = Eigen::Matrix<T, n, n>;

template <class T, int n>
struct matrix_inputs {
  matrix<T, n> x;  // well conditioned: diagonal dominance keeps cond(X) small
  matrix<T, n> a;
  matrix<T, n> dx;
};

template <class T, int n>
matrix_inputs<T, n> make_matrix_inputs(unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  matrix_inputs<T, n> in;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      // After full_width, off-diagonal entries lie in (-1/3, 1/3), so
      // each row's off-diagonal |X_ij| sum to less than (n-1)/3, while
      // the diagonal exceeds (2n-1)/3: X is strictly diagonally
      // dominant and hence well conditioned.
      double diagonal = (i == j) ? 2.0 * n : 0.0;
      in.x(i, j) = full_width<T>(diagonal + uniform(rng));
      in.a(i, j) = full_width<T>(uniform(rng));
      in.dx(i, j) = full_width<T>(uniform(rng));
    }
  }
  return in;
}

template <class T, int n>
matrix<T, n> f_formula(const matrix_inputs<T, n>& in) {
  Eigen::PartialPivLU<matrix<T, n>> lu(in.x);
  const matrix<T, n> x_inv = lu.inverse();
  return in.dx * in.a * in.x + in.x * in.a * in.dx - x_inv * in.dx * x_inv;
}

template <class T, int n>
T det_lu(const matrix_inputs<T, n>& in) {
  return Eigen::PartialPivLU<matrix<T, n>>(in.x).determinant();
}

template <class T>
std::vector<T> make_scalars(unsigned seed) {
  std::mt19937_64 rng(seed);
  // Positive range so log and sqrt are defined; small enough that exp
  // stays moderate.
  std::uniform_real_distribution<double> uniform(0.1, 5.0);
  std::vector<T> values;
  values.reserve(100);
  for (int i = 0; i < 100; ++i) {
    values.push_back(full_width<T>(uniform(rng)));
  }
  return values;
}

template <class T>
T scalar_fn(const std::vector<T>& values) {
  T total = 0;
  for (const T& v : values) {
    total += sqrt(v) + exp(v) + log(v);
  }
  return total;
}

// Calibrates a batch size so one timed sample lasts at least `min_sample`,
// which keeps clock resolution out of the result.
template <class Work>
std::size_t calibrate_batch(Work& work, std::chrono::microseconds min_sample) {
  using clock = std::chrono::steady_clock;
  for (int i = 0; i < 3; ++i) {
    work();  // warm-up: caches, MPFR's constant cache, allocator pools
  }
  std::size_t batch = 1;
  for (;;) {
    auto start = clock::now();
    for (std::size_t i = 0; i < batch; ++i) {
      work();
    }
    if (clock::now() - start >= min_sample || batch >= (std::size_t(1) << 24)) {
      return batch;
    }
    batch *= 2;
  }
}

// Mean microseconds per call over one batch.
template <class Work>
double sample_microseconds(Work& work, std::size_t batch) {
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  for (std::size_t i = 0; i < batch; ++i) {
    work();
  }
  std::chrono::duration<double, std::micro> elapsed = clock::now() - start;
  return elapsed.count() / static_cast<double>(batch);
}

double median(std::vector<double> values) {
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  return values[mid];
}

struct row_timing {
  double bin_us = 0;
  double mpfr_us = 0;
};

// Median time per call for the same workload in both types. Samples of the
// two types alternate, so load from other processes on a shared machine hits
// both sides alike instead of biasing whichever type happens to run later.
template <class BinWork, class MpfrWork>
row_timing time_row(BinWork bin_work, MpfrWork mpfr_work, int samples = 31,
                    std::chrono::microseconds min_sample = std::chrono::microseconds(3000)) {
  const std::size_t bin_batch = calibrate_batch(bin_work, min_sample);
  const std::size_t mpfr_batch = calibrate_batch(mpfr_work, min_sample);
  std::vector<double> bin_samples;
  std::vector<double> mpfr_samples;
  for (int s = 0; s < samples; ++s) {
    bin_samples.push_back(sample_microseconds(bin_work, bin_batch));
    mpfr_samples.push_back(sample_microseconds(mpfr_work, mpfr_batch));
  }
  return {median(bin_samples), median(mpfr_samples)};
}

// Significant digits of `printed` (e.g. "1.41...") that agree with
// sqrt2_reference before the first difference. Printing rounds the last
// digit; for sqrt(2) the 51st digit is 4, so rounding to 50 digits equals
// truncation and a correct result matches all 50.
int correct_digits(const std::string& printed) {
  auto digits_only = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c >= '0' && c <= '9') {
        out += c;
      }
    }
    return out;
  };
  const std::string got = digits_only(printed);
  const std::string want = digits_only(sqrt2_reference);
  int count = 0;
  while (count < static_cast<int>(std::min(got.size(), want.size())) && got[count] == want[count]) {
    ++count;
  }
  return count;
}

template <class T>
std::string print_50(const T& value) {
  std::ostringstream out;
  out << std::setprecision(50) << value;
  return out.str();
}

// Everything one type needs for the timed workloads; built from the same
// seeds for both types.
template <class T>
struct problem {
  matrix_inputs<T, 4> in4 = make_matrix_inputs<T, 4>(42);
  matrix_inputs<T, 8> in8 = make_matrix_inputs<T, 8>(43);
  std::vector<T> scalars = make_scalars<T>(44);
};

struct accuracy {
  std::string sqrt2_printed;
  int sqrt2_digits = 0;
  int mantissa_bits = 0;
};

template <class T>
accuracy check_accuracy() {
  accuracy a;
  a.sqrt2_printed = print_50(T(sqrt(T(2))));
  a.sqrt2_digits = correct_digits(a.sqrt2_printed);
  a.mantissa_bits = std::numeric_limits<T>::digits;
  return a;
}

double geometric_mean(const std::vector<double>& values) {
  double log_sum = 0;
  for (double v : values) {
    log_sum += std::log(v);
  }
  return std::exp(log_sum / static_cast<double>(values.size()));
}

// Reports which parts of Eigen::NumTraits Boost 1.74's eigen.hpp leaves out.
// Eigen only needs them in some algorithms (stableNorm, rcond, numext::isfinite),
// none of which grader's formulas use today; this makes the gap visible
// instead of surfacing later as a compile error deep inside Eigen.
template <class T>
void print_numtraits_gaps(const std::string& name) {
  using traits = Eigen::NumTraits<T>;
  std::vector<std::string> missing;
  if constexpr (!requires { traits::digits(); }) missing.push_back("digits()");
  if constexpr (!requires { traits::min_exponent(); }) missing.push_back("min_exponent()");
  if constexpr (!requires { traits::max_exponent(); }) missing.push_back("max_exponent()");
  if constexpr (!requires { traits::infinity(); }) missing.push_back("infinity()");
  if constexpr (!requires { traits::quiet_NaN(); }) missing.push_back("quiet_NaN()");
  std::cout << "numtraits " << name << ": missing ";
  if (missing.empty()) {
    std::cout << "none";
  }
  for (std::size_t i = 0; i < missing.size(); ++i) {
    std::cout << (i ? ", " : "") << missing[i];
  }
  // lowest() should be the most negative finite value; Boost 1.74 returns
  // numeric_limits::min(), the smallest positive normal value.
  std::cout << "; lowest() " << (traits::lowest() < 0 ? "ok" : "is positive (wrong)") << '\n';
}

}  // namespace

int main() {
  const std::string bin_name = "cpp_bin_float_50";
  const std::string mpfr_name = "mpfr_float_50";
  const problem<cpp_bin_float_50> bin;
  const problem<mpfr_float_50> mpfr;

  struct row {
    std::string label;
    row_timing timing;
  };
  std::vector<row> rows;
  rows.push_back({"f_formula n=4", time_row([&] { consume(f_formula(bin.in4)(0, 0)); },
                                            [&] { consume(f_formula(mpfr.in4)(0, 0)); })});
  rows.push_back({"f_formula n=8", time_row([&] { consume(f_formula(bin.in8)(0, 0)); },
                                            [&] { consume(f_formula(mpfr.in8)(0, 0)); })});
  rows.push_back({"det_lu    n=4",
                  time_row([&] { consume(det_lu(bin.in4)); }, [&] { consume(det_lu(mpfr.in4)); })});
  rows.push_back({"det_lu    n=8",
                  time_row([&] { consume(det_lu(bin.in8)); }, [&] { consume(det_lu(mpfr.in8)); })});
  rows.push_back({"scalar_fn x100", time_row([&] { consume(scalar_fn(bin.scalars)); },
                                             [&] { consume(scalar_fn(mpfr.scalars)); })});

  std::cout << "median microseconds per evaluation (lower is better)\n";
  std::cout << std::left << std::setw(16) << "workload" << std::right << std::setw(18) << bin_name
            << std::setw(16) << mpfr_name << std::setw(12) << "mpfr/bin" << '\n';
  std::cout << std::fixed << std::setprecision(2);
  std::vector<double> bin_times;
  std::vector<double> mpfr_times;
  int bin_wins = 0;
  for (const row& r : rows) {
    const row_timing& t = r.timing;
    std::cout << std::left << std::setw(16) << r.label << std::right << std::setw(18) << t.bin_us
              << std::setw(16) << t.mpfr_us << std::setw(12) << t.mpfr_us / t.bin_us << '\n';
    bin_times.push_back(t.bin_us);
    mpfr_times.push_back(t.mpfr_us);
    bin_wins += t.bin_us < t.mpfr_us ? 1 : 0;
  }
  const double bin_geo = geometric_mean(bin_times);
  const double mpfr_geo = geometric_mean(mpfr_times);
  std::cout << std::left << std::setw(16) << "geometric mean" << std::right << std::setw(18)
            << bin_geo << std::setw(16) << mpfr_geo << std::setw(12) << mpfr_geo / bin_geo << '\n';
  const int row_count = static_cast<int>(rows.size());
  std::cout << std::left << std::setw(16) << "rows won" << std::right << std::setw(18) << bin_wins
            << std::setw(16) << row_count - bin_wins << '\n';
  std::cout.unsetf(std::ios_base::floatfield);

  const accuracy bin_acc = check_accuracy<cpp_bin_float_50>();
  const accuracy mpfr_acc = check_accuracy<mpfr_float_50>();
  std::cout << "\naccuracy: sqrt(2) with 50 significant digits\n";
  std::cout << std::left << std::setw(17) << "reference" << sqrt2_reference << '\n';
  for (const auto& [name, acc] : {std::pair{bin_name, bin_acc}, std::pair{mpfr_name, mpfr_acc}}) {
    std::cout << std::left << std::setw(17) << name << acc.sqrt2_printed
              << "  correct digits: " << acc.sqrt2_digits
              << "  (mantissa bits: " << acc.mantissa_bits << ")\n";
  }

  // Same inputs in both types, so det(X) for n=8 should agree to ~50 digits;
  // a mismatch would mean one of the timed paths computes something else.
  std::cout << "\ncross-check det(X) n=8\n";
  std::cout << std::left << std::setw(17) << bin_name << print_50(det_lu(bin.in8)) << '\n';
  std::cout << std::left << std::setw(17) << mpfr_name << print_50(det_lu(mpfr.in8)) << '\n';

  std::cout << '\n';
  print_numtraits_gaps<cpp_bin_float_50>(bin_name);
  print_numtraits_gaps<mpfr_float_50>(mpfr_name);

  // "Faster" = wins the majority of the rows (an odd count, so no ties).
  // A geometric mean over rows was tried first, but here it lands within a
  // few percent of 1.0 and flips from run to run with machine noise; a
  // majority vote only flips if several rows are near-ties at once.
  const bool bin_faster = 2 * bin_wins > row_count;
  const bool bin_accurate = bin_acc.sqrt2_digits >= min_correct_digits;
  const bool mpfr_accurate = mpfr_acc.sqrt2_digits >= min_correct_digits;
  const bool choose_bin =
      bin_faster ? bin_accurate || !mpfr_accurate : !mpfr_accurate && bin_accurate;
  std::cout << "\nrule: take the type that is faster on the majority of the " << row_count
            << " rows, unless it has fewer than " << min_correct_digits
            << " correct digits of sqrt(2) (then the other one)\n";
  std::cout << "choice: " << (choose_bin ? bin_name : mpfr_name) << '\n';
  return 0;
}
