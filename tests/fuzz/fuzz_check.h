// What the fuzz targets (*_fuzz_test.cc) share: how a broken check ends
// the run. libFuzzer takes the abort for a finding and saves the input.
//
// Example:
//
//   if (again != input) vita::fuzz::Fail("a name that is not made again",
//   input);
#ifndef VITA_TESTS_FUZZ_FUZZ_CHECK_H_
#define VITA_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#include "absl/strings/string_view.h"

namespace vita::fuzz {

// Prints "WHAT:" and `detail` on stderr, then aborts. Never returns.
[[noreturn]] inline void Fail(absl::string_view what,
                              absl::string_view detail) {
  std::fprintf(stderr, "%.*s:\n%.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace vita::fuzz

#endif  // VITA_TESTS_FUZZ_FUZZ_CHECK_H_
