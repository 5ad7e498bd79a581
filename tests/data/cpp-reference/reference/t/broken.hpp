#pragma once
namespace broken {
template <class T>
grader::reference::Matrix<T> function(const grader::reference::Inputs<T>& in) {
  return in("X") * undeclared_name;
}
}  // namespace broken
