// Fuzzes the TeX <-> Unicode conversion of BibTeX field values
// (cli/tex_unicode.h) with arbitrary bytes, as TeX and as text.
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

#include "absl/strings/string_view.h"
#include "cli/input.h"
#include "cli/tex_unicode.h"

namespace {

[[noreturn]] void Fail(const char* what, absl::string_view input,
                       absl::string_view output) {
  std::fprintf(stderr, "%s:\n  in:  \"%.*s\"\n  out: \"%.*s\"\n", what,
               static_cast<int>(input.size()), input.data(),
               static_cast<int>(output.size()), output.data());
  std::abort();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Runs of white space as one space, none at either end.
std::string CollapseSpace(absl::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input(reinterpret_cast<const char*>(data), size);
  std::string text = vita::cli::TexToUnicode(input);
  if (text != CollapseSpace(text)) {
    Fail("TexToUnicode left runs of white space", input, text);
  }
  if (vita::cli::IsUtf8(input)) {
    std::string tex = vita::cli::UnicodeToTex(input);
    std::string back = vita::cli::TexToUnicode(tex);
    if (back != CollapseSpace(input)) {
      Fail("text does not survive UnicodeToTex and TexToUnicode", input, back);
    }
  }
  return 0;
}
