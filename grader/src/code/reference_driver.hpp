// The main() of a C++ reference program (code/reference_program.hpp). The grader writes a
// driver.cpp that includes reference_api.hpp, the reference's header(s), this file, and then
// defines grader_entries<T>(): the entries named by the problem, in order. Not part of the
// grader's own build: it is embedded as text and compiled with each reference.
//
// Protocol, one request and one reply at a time over stdin/stdout:
//   call ENTRY PRECISION COUNT         PRECISION: d (double), c (complex), h (50 digits)
//   NAME ROWS COLS X...                COUNT lines, entries column by column; a complex entry
//                                      is two numbers (real, imaginary)
// reply:
//   ok ROWS COLS X...                  or
//   error MESSAGE                      (on one line)
// Doubles travel as C99 hex floats, 50-digit numbers in decimal with every digit that
// round-trips.

#include <cstdio>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

template <class T>
using GraderEntry = grader::reference::Matrix<T> (*)(const grader::reference::Inputs<T>&);

template <class T>
std::vector<GraderEntry<T>> grader_entries();

namespace grader_driver {

using grader::reference::Complex;
using grader::reference::High;
using grader::reference::Matrix;

inline std::string hex(double x) {
  char text[64];
  std::snprintf(text, sizeof text, "%a", x);
  return text;
}

inline void write(std::ostream& out, double x) {
  out << ' ' << hex(x);
}
inline void write(std::ostream& out, const Complex& x) {
  out << ' ' << hex(x.real()) << ' ' << hex(x.imag());
}
inline void write(std::ostream& out, const High& x) {
  out << ' ' << x.str(std::numeric_limits<High>::max_digits10, std::ios_base::scientific);
}

inline double read_double(std::istream& in) {
  std::string token;
  in >> token;
  return std::strtod(token.c_str(), nullptr);
}
inline void read(std::istream& in, double& x) {
  x = read_double(in);
}
inline void read(std::istream& in, Complex& x) {
  const double re = read_double(in);
  x = Complex(re, read_double(in));
}
inline void read(std::istream& in, High& x) {
  std::string token;
  in >> token;
  x = High(token);
}

inline bool finite(double x) {
  return std::isfinite(x);
}
inline bool finite(const Complex& x) {
  return std::isfinite(x.real()) && std::isfinite(x.imag());
}
inline bool finite(const High& x) {
  return boost::multiprecision::isfinite(x);
}

inline std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

template <class T>
std::string call(std::size_t entry, const std::vector<std::string>& lines) {
  grader::reference::Inputs<T> inputs;
  for (const std::string& line : lines) {
    std::istringstream in(line);
    std::string name;
    Eigen::Index rows = 0, cols = 0;
    in >> name >> rows >> cols;
    Matrix<T> value(rows, cols);
    for (Eigen::Index j = 0; j < cols; ++j)
      for (Eigen::Index i = 0; i < rows; ++i) read(in, value(i, j));
    inputs.set(name, std::move(value));
  }
  const std::vector<GraderEntry<T>> entries = grader_entries<T>();
  if (entry >= entries.size()) return "error no entry " + std::to_string(entry);
  const Matrix<T> result = entries[entry](inputs);
  for (Eigen::Index j = 0; j < result.cols(); ++j) {
    for (Eigen::Index i = 0; i < result.rows(); ++i) {
      if (!finite(result(i, j))) {
        return "error it returned a NaN or Inf at entry (" + std::to_string(i + 1) + ", " +
               std::to_string(j + 1) + ")";
      }
    }
  }
  std::ostringstream out;
  out << "ok " << result.rows() << ' ' << result.cols();
  for (Eigen::Index j = 0; j < result.cols(); ++j)
    for (Eigen::Index i = 0; i < result.rows(); ++i) write(out, result(i, j));
  return out.str();
}

inline std::string reply(const std::string& head, const std::vector<std::string>& lines) {
  std::istringstream in(head);
  std::string word;
  std::size_t entry = 0;
  char precision = 0;
  in >> word >> entry >> precision;
  try {
    switch (precision) {
      case 'd':
        return call<double>(entry, lines);
      case 'c':
        return call<Complex>(entry, lines);
      case 'h':
        return call<High>(entry, lines);
      default:
        return "error unknown precision";
    }
  } catch (const std::exception& e) {
    return "error " + one_line(e.what());
  } catch (...) {
    return "error it threw something that is not a std::exception";
  }
}

}  // namespace grader_driver

int main() {
  std::ios::sync_with_stdio(false);
  std::string head;
  while (std::getline(std::cin, head)) {
    if (head == "quit") return 0;
    std::istringstream in(head);
    std::string word;
    std::size_t entry = 0, count = 0;
    char precision = 0;
    in >> word >> entry >> precision >> count;
    std::vector<std::string> lines(count);
    for (std::string& line : lines) std::getline(std::cin, line);
    std::cout << grader_driver::reply(head, lines) << '\n' << std::flush;
  }
  return 0;
}
