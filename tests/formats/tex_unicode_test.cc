// Unit tests of TeX <-> Unicode conversion (formats/tex_unicode.h).
#include "formats/tex_unicode.h"

#include <gtest/gtest.h>

namespace vita::formats {
namespace {

TEST(TexUnicodeTest, AccentsBecomePrecomposedCharacters) {
  EXPECT_EQ(TexToUnicode("Schr{\\\"o}dinger"), "Schrödinger");
  EXPECT_EQ(TexToUnicode("Schr\\\"odinger"), "Schrödinger");
  EXPECT_EQ(TexToUnicode("Erd{\\H o}s"), "Erdős");
  EXPECT_EQ(TexToUnicode("R{\\'e}nyi"), "Rényi");
  EXPECT_EQ(TexToUnicode("Fran{\\c{c}}ois"), "François");
  EXPECT_EQ(TexToUnicode("Garc{\\'\\i}a"), "García");
  EXPECT_EQ(TexToUnicode("Ker{\\v{c}}mar"), "Kerčmar");
  EXPECT_EQ(TexToUnicode("{\\AA}ngstr{\\\"o}m"), "Ångström");
  EXPECT_EQ(TexToUnicode("{\\L}{\\'o}d{\\'z}"), "Łódź");
  EXPECT_EQ(TexToUnicode("Stra{\\ss}e"), "Straße");
}

TEST(TexUnicodeTest, BracesCommandsAndSpecialCharacters) {
  EXPECT_EQ(TexToUnicode("On {3D} {G}aussian Splatting"),
            "On 3D Gaussian Splatting");
  EXPECT_EQ(TexToUnicode("{{HexGen}}: Inference"), "HexGen: Inference");
  EXPECT_EQ(TexToUnicode("Sonatas \\& Proofs: 50\\% of \\$1"),
            "Sonatas & Proofs: 50% of $1");
  EXPECT_EQ(TexToUnicode("pages 807--812 --- done"), "pages 807–812 — done");
  EXPECT_EQ(TexToUnicode("D.~E. Knuth"), "D. E. Knuth");
  EXPECT_EQ(TexToUnicode("\\emph{very}   \\textbf{bold}\n text"),
            "very bold text");
  EXPECT_EQ(TexToUnicode("``quoted''"), "“quoted”");
  EXPECT_EQ(TexToUnicode("$O(n)$ time"), "O(n) time");
}

TEST(TexUnicodeTest, EveryPrecomposedLetterRoundTrips) {
  // For every accent and ASCII letter: TeX -> Unicode -> TeX -> Unicode is
  // stable, and plain letters never change.
  const std::string accents = "`'^~=u.\"rHvdckb";
  const std::string letters =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  int composed = 0;
  for (char accent : accents) {
    for (char letter : letters) {
      std::string tex =
          std::string("{\\") + accent +
          (std::isalpha(static_cast<unsigned char>(accent)) ? " " : "") +
          letter + "}";
      std::string text = TexToUnicode(tex);
      ASSERT_FALSE(text.empty()) << tex;
      EXPECT_EQ(TexToUnicode(UnicodeToTex(text)), text) << tex;
      if (text.size() <= 3 && text[0] & 0x80) ++composed;
    }
  }
  EXPECT_GT(composed, 250);  // most combinations have a precomposed letter
}

TEST(TexUnicodeTest, UnicodeToTexEscapesWhatTexWouldRead) {
  for (std::string text : {"R&D 50% #1 $5 a_b {x}", "Ångström Łódź Straße",
                           "a~b^c\\d", "Plain ASCII text", "日本語 stays"}) {
    EXPECT_EQ(TexToUnicode(UnicodeToTex(text)), text) << UnicodeToTex(text);
  }
  EXPECT_EQ(UnicodeToTex("Schrödinger"), "Schr{\\\"o}dinger");
}

// Found by tests/fuzz/tex_unicode_fuzz_test: "807--812" came back from
// BibTeX as "807–812", since TeX reads "--" as an en dash.
TEST(TexUnicodeTest, UnicodeToTexKeepsDashAndQuotePairsApart) {
  EXPECT_EQ(UnicodeToTex("807--812"), "807-{}-812");
  EXPECT_EQ(UnicodeToTex("a---b ``c'' -–"), "a-{}-{}-b `{}`c'{}' -{}--");
  for (std::string text : {"807--812", "a---b", "``c''", "-–", "–-", "—-", "“`",
                           "'”", "x-y 'z' `w`"}) {
    EXPECT_EQ(TexToUnicode(UnicodeToTex(text)), text) << UnicodeToTex(text);
  }
}

}  // namespace
}  // namespace vita::formats
