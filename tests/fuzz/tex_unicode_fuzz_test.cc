// Fuzzes the TeX <-> Unicode conversion of BibTeX field values
// (formats/tex_unicode.h) with arbitrary bytes, as TeX and as text.
//
// Checks, besides the sanitizers: TexToUnicode never fails (it returns for
// any bytes); its result has no runs of white space nor white space at
// either end; and text that is valid UTF-8 comes back from
// TexToUnicode(UnicodeToTex(text)) as it was, up to runs of white space
// (what `vita pub export` writes is imported again unchanged).
//
// Seeds: corpus/tex_unicode/, field values from the tests' BibTeX files and
// tex_unicode_test.cc.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "cli/input.h"
#include "formats/tex_unicode.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

// The text with runs of white space as one space, none at either end.
std::string Words(absl::string_view text) {
  return absl::StrJoin(
      absl::StrSplit(text, absl::ByAnyChar(" \t\n\r"), absl::SkipEmpty()), " ");
}

void Check(bool ok, const char* what, absl::string_view input,
           absl::string_view output) {
  if (!ok) {
    vita::fuzz::Fail(
        what, absl::StrCat("in:  \"", input, "\"\nout: \"", output, "\""));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input(reinterpret_cast<const char*>(data), size);
  std::string text = vita::formats::TexToUnicode(input);
  Check(text == Words(text), "TexToUnicode left runs of white space", input,
        text);
  if (vita::cli::IsUtf8(input)) {
    std::string tex = vita::formats::UnicodeToTex(input);
    std::string back = vita::formats::TexToUnicode(tex);
    Check(back == Words(input),
          "text does not survive UnicodeToTex and TexToUnicode", input, back);
  }
  return 0;
}
