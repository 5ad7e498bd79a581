#pragma once
// The compiled-code cache shared by students' builds (build.cpp) and C++ references
// (reference_program.cpp): its folders, keys and the compiler's identity.

#include <filesystem>
#include <string>
#include <vector>

namespace grader::code::detail {

// The bytes a compilation's folder may hold (sources, the compiler's temporary files, the
// binary), where the sandbox can bound it (sandbox/work_folder.hpp).
inline constexpr std::size_t kBuildQuotaBytes = std::size_t{512} << 20;

extern const std::vector<std::string> kFlags;

void write_file(const std::filesystem::path& path, const std::string& text);
// The digest of a record of fields (a cache key).
std::string digest(const std::vector<std::string>& parts);
// A fresh folder for one sandboxed job, searchable so that the sandbox can enter it.
std::filesystem::path fresh_folder(const std::filesystem::path& cache, const std::string& what);
// Creates the cache's folders with the permissions the sandbox needs.
void prepare_cache(const std::filesystem::path& cache);
// `g++ --version`: part of every cache key (run once per process).
std::string compiler_version(const std::filesystem::path& cache);

}  // namespace grader::code::detail
