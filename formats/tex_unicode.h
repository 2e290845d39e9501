// Conversion between the TeX markup found in BibTeX field values and plain
// Unicode (UTF-8) text, e.g. `Schr{\"o}dinger` <-> "Schrödinger".
#ifndef VITA_FORMATS_TEX_UNICODE_H_
#define VITA_FORMATS_TEX_UNICODE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace vita::formats {

// Turns TeX into plain text: accent commands (\" \' \` \^ \~ \= \. \u \v \H
// \c \k \r \d \b) on a letter become the precomposed character (or the
// letter plus a combining mark), \ss \o \ae \aa \l \i ... their letters,
// \& \% \$ \# \_ \{ \} their characters, -- and --- en and em dashes, ``
// and '' curly quotes, ~ a space; protective braces and $ are dropped,
// unknown commands (\emph, \textbf ...) are dropped but keep their argument,
// and runs of white space become one space. Never fails.
std::string TexToUnicode(absl::string_view tex);

// The inverse for BibTeX output: non-ASCII letters with a TeX spelling
// become it in braces ({\"o}), the characters special to TeX (& % $ # _ { }
// \ ~ ^) are escaped, and other text is kept as UTF-8.
std::string UnicodeToTex(absl::string_view text);

}  // namespace vita::formats

#endif  // VITA_FORMATS_TEX_UNICODE_H_
