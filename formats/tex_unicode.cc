#include "formats/tex_unicode.h"

#include <cctype>
#include <map>
#include <utility>

#include "absl/strings/match.h"

namespace vita::formats {
namespace {

struct Accented {
  char accent;  // the TeX accent command, e.g. '"' for \"
  char base;    // the ASCII letter
  const char* utf8;
};

// Every ASCII letter with a TeX accent that has a precomposed Unicode
// character (generated from Unicode's NFC composition).
constexpr Accented kAccented[] = {
    {'`', 'a', "à"},  {'`', 'e', "è"},  {'`', 'i', "ì"},  {'`', 'n', "ǹ"},
    {'`', 'o', "ò"},  {'`', 'u', "ù"},  {'`', 'w', "ẁ"},  {'`', 'y', "ỳ"},
    {'`', 'A', "À"},  {'`', 'E', "È"},  {'`', 'I', "Ì"},  {'`', 'N', "Ǹ"},
    {'`', 'O', "Ò"},  {'`', 'U', "Ù"},  {'`', 'W', "Ẁ"},  {'`', 'Y', "Ỳ"},
    {'\'', 'a', "á"}, {'\'', 'c', "ć"}, {'\'', 'e', "é"}, {'\'', 'g', "ǵ"},
    {'\'', 'i', "í"}, {'\'', 'k', "ḱ"}, {'\'', 'l', "ĺ"}, {'\'', 'm', "ḿ"},
    {'\'', 'n', "ń"}, {'\'', 'o', "ó"}, {'\'', 'p', "ṕ"}, {'\'', 'r', "ŕ"},
    {'\'', 's', "ś"}, {'\'', 'u', "ú"}, {'\'', 'w', "ẃ"}, {'\'', 'y', "ý"},
    {'\'', 'z', "ź"}, {'\'', 'A', "Á"}, {'\'', 'C', "Ć"}, {'\'', 'E', "É"},
    {'\'', 'G', "Ǵ"}, {'\'', 'I', "Í"}, {'\'', 'K', "Ḱ"}, {'\'', 'L', "Ĺ"},
    {'\'', 'M', "Ḿ"}, {'\'', 'N', "Ń"}, {'\'', 'O', "Ó"}, {'\'', 'P', "Ṕ"},
    {'\'', 'R', "Ŕ"}, {'\'', 'S', "Ś"}, {'\'', 'U', "Ú"}, {'\'', 'W', "Ẃ"},
    {'\'', 'Y', "Ý"}, {'\'', 'Z', "Ź"}, {'^', 'a', "â"},  {'^', 'c', "ĉ"},
    {'^', 'e', "ê"},  {'^', 'g', "ĝ"},  {'^', 'h', "ĥ"},  {'^', 'i', "î"},
    {'^', 'j', "ĵ"},  {'^', 'o', "ô"},  {'^', 's', "ŝ"},  {'^', 'u', "û"},
    {'^', 'w', "ŵ"},  {'^', 'y', "ŷ"},  {'^', 'z', "ẑ"},  {'^', 'A', "Â"},
    {'^', 'C', "Ĉ"},  {'^', 'E', "Ê"},  {'^', 'G', "Ĝ"},  {'^', 'H', "Ĥ"},
    {'^', 'I', "Î"},  {'^', 'J', "Ĵ"},  {'^', 'O', "Ô"},  {'^', 'S', "Ŝ"},
    {'^', 'U', "Û"},  {'^', 'W', "Ŵ"},  {'^', 'Y', "Ŷ"},  {'^', 'Z', "Ẑ"},
    {'~', 'a', "ã"},  {'~', 'e', "ẽ"},  {'~', 'i', "ĩ"},  {'~', 'n', "ñ"},
    {'~', 'o', "õ"},  {'~', 'u', "ũ"},  {'~', 'v', "ṽ"},  {'~', 'y', "ỹ"},
    {'~', 'A', "Ã"},  {'~', 'E', "Ẽ"},  {'~', 'I', "Ĩ"},  {'~', 'N', "Ñ"},
    {'~', 'O', "Õ"},  {'~', 'U', "Ũ"},  {'~', 'V', "Ṽ"},  {'~', 'Y', "Ỹ"},
    {'=', 'a', "ā"},  {'=', 'e', "ē"},  {'=', 'g', "ḡ"},  {'=', 'i', "ī"},
    {'=', 'o', "ō"},  {'=', 'u', "ū"},  {'=', 'y', "ȳ"},  {'=', 'A', "Ā"},
    {'=', 'E', "Ē"},  {'=', 'G', "Ḡ"},  {'=', 'I', "Ī"},  {'=', 'O', "Ō"},
    {'=', 'U', "Ū"},  {'=', 'Y', "Ȳ"},  {'u', 'a', "ă"},  {'u', 'e', "ĕ"},
    {'u', 'g', "ğ"},  {'u', 'i', "ĭ"},  {'u', 'o', "ŏ"},  {'u', 'u', "ŭ"},
    {'u', 'A', "Ă"},  {'u', 'E', "Ĕ"},  {'u', 'G', "Ğ"},  {'u', 'I', "Ĭ"},
    {'u', 'O', "Ŏ"},  {'u', 'U', "Ŭ"},  {'.', 'a', "ȧ"},  {'.', 'b', "ḃ"},
    {'.', 'c', "ċ"},  {'.', 'd', "ḋ"},  {'.', 'e', "ė"},  {'.', 'f', "ḟ"},
    {'.', 'g', "ġ"},  {'.', 'h', "ḣ"},  {'.', 'm', "ṁ"},  {'.', 'n', "ṅ"},
    {'.', 'o', "ȯ"},  {'.', 'p', "ṗ"},  {'.', 'r', "ṙ"},  {'.', 's', "ṡ"},
    {'.', 't', "ṫ"},  {'.', 'w', "ẇ"},  {'.', 'x', "ẋ"},  {'.', 'y', "ẏ"},
    {'.', 'z', "ż"},  {'.', 'A', "Ȧ"},  {'.', 'B', "Ḃ"},  {'.', 'C', "Ċ"},
    {'.', 'D', "Ḋ"},  {'.', 'E', "Ė"},  {'.', 'F', "Ḟ"},  {'.', 'G', "Ġ"},
    {'.', 'H', "Ḣ"},  {'.', 'I', "İ"},  {'.', 'M', "Ṁ"},  {'.', 'N', "Ṅ"},
    {'.', 'O', "Ȯ"},  {'.', 'P', "Ṗ"},  {'.', 'R', "Ṙ"},  {'.', 'S', "Ṡ"},
    {'.', 'T', "Ṫ"},  {'.', 'W', "Ẇ"},  {'.', 'X', "Ẋ"},  {'.', 'Y', "Ẏ"},
    {'.', 'Z', "Ż"},  {'\"', 'a', "ä"}, {'\"', 'e', "ë"}, {'\"', 'h', "ḧ"},
    {'\"', 'i', "ï"}, {'\"', 'o', "ö"}, {'\"', 't', "ẗ"}, {'\"', 'u', "ü"},
    {'\"', 'w', "ẅ"}, {'\"', 'x', "ẍ"}, {'\"', 'y', "ÿ"}, {'\"', 'A', "Ä"},
    {'\"', 'E', "Ë"}, {'\"', 'H', "Ḧ"}, {'\"', 'I', "Ï"}, {'\"', 'O', "Ö"},
    {'\"', 'U', "Ü"}, {'\"', 'W', "Ẅ"}, {'\"', 'X', "Ẍ"}, {'\"', 'Y', "Ÿ"},
    {'r', 'a', "å"},  {'r', 'u', "ů"},  {'r', 'w', "ẘ"},  {'r', 'y', "ẙ"},
    {'r', 'A', "Å"},  {'r', 'U', "Ů"},  {'H', 'o', "ő"},  {'H', 'u', "ű"},
    {'H', 'O', "Ő"},  {'H', 'U', "Ű"},  {'v', 'a', "ǎ"},  {'v', 'c', "č"},
    {'v', 'd', "ď"},  {'v', 'e', "ě"},  {'v', 'g', "ǧ"},  {'v', 'h', "ȟ"},
    {'v', 'i', "ǐ"},  {'v', 'j', "ǰ"},  {'v', 'k', "ǩ"},  {'v', 'l', "ľ"},
    {'v', 'n', "ň"},  {'v', 'o', "ǒ"},  {'v', 'r', "ř"},  {'v', 's', "š"},
    {'v', 't', "ť"},  {'v', 'u', "ǔ"},  {'v', 'z', "ž"},  {'v', 'A', "Ǎ"},
    {'v', 'C', "Č"},  {'v', 'D', "Ď"},  {'v', 'E', "Ě"},  {'v', 'G', "Ǧ"},
    {'v', 'H', "Ȟ"},  {'v', 'I', "Ǐ"},  {'v', 'K', "Ǩ"},  {'v', 'L', "Ľ"},
    {'v', 'N', "Ň"},  {'v', 'O', "Ǒ"},  {'v', 'R', "Ř"},  {'v', 'S', "Š"},
    {'v', 'T', "Ť"},  {'v', 'U', "Ǔ"},  {'v', 'Z', "Ž"},  {'d', 'a', "ạ"},
    {'d', 'b', "ḅ"},  {'d', 'd', "ḍ"},  {'d', 'e', "ẹ"},  {'d', 'h', "ḥ"},
    {'d', 'i', "ị"},  {'d', 'k', "ḳ"},  {'d', 'l', "ḷ"},  {'d', 'm', "ṃ"},
    {'d', 'n', "ṇ"},  {'d', 'o', "ọ"},  {'d', 'r', "ṛ"},  {'d', 's', "ṣ"},
    {'d', 't', "ṭ"},  {'d', 'u', "ụ"},  {'d', 'v', "ṿ"},  {'d', 'w', "ẉ"},
    {'d', 'y', "ỵ"},  {'d', 'z', "ẓ"},  {'d', 'A', "Ạ"},  {'d', 'B', "Ḅ"},
    {'d', 'D', "Ḍ"},  {'d', 'E', "Ẹ"},  {'d', 'H', "Ḥ"},  {'d', 'I', "Ị"},
    {'d', 'K', "Ḳ"},  {'d', 'L', "Ḷ"},  {'d', 'M', "Ṃ"},  {'d', 'N', "Ṇ"},
    {'d', 'O', "Ọ"},  {'d', 'R', "Ṛ"},  {'d', 'S', "Ṣ"},  {'d', 'T', "Ṭ"},
    {'d', 'U', "Ụ"},  {'d', 'V', "Ṿ"},  {'d', 'W', "Ẉ"},  {'d', 'Y', "Ỵ"},
    {'d', 'Z', "Ẓ"},  {'c', 'c', "ç"},  {'c', 'd', "ḑ"},  {'c', 'e', "ȩ"},
    {'c', 'g', "ģ"},  {'c', 'h', "ḩ"},  {'c', 'k', "ķ"},  {'c', 'l', "ļ"},
    {'c', 'n', "ņ"},  {'c', 'r', "ŗ"},  {'c', 's', "ş"},  {'c', 't', "ţ"},
    {'c', 'C', "Ç"},  {'c', 'D', "Ḑ"},  {'c', 'E', "Ȩ"},  {'c', 'G', "Ģ"},
    {'c', 'H', "Ḩ"},  {'c', 'K', "Ķ"},  {'c', 'L', "Ļ"},  {'c', 'N', "Ņ"},
    {'c', 'R', "Ŗ"},  {'c', 'S', "Ş"},  {'c', 'T', "Ţ"},  {'k', 'a', "ą"},
    {'k', 'e', "ę"},  {'k', 'i', "į"},  {'k', 'o', "ǫ"},  {'k', 'u', "ų"},
    {'k', 'A', "Ą"},  {'k', 'E', "Ę"},  {'k', 'I', "Į"},  {'k', 'O', "Ǫ"},
    {'k', 'U', "Ų"},  {'b', 'b', "ḇ"},  {'b', 'd', "ḏ"},  {'b', 'h', "ẖ"},
    {'b', 'k', "ḵ"},  {'b', 'l', "ḻ"},  {'b', 'n', "ṉ"},  {'b', 'r', "ṟ"},
    {'b', 't', "ṯ"},  {'b', 'z', "ẕ"},  {'b', 'B', "Ḇ"},  {'b', 'D', "Ḏ"},
    {'b', 'K', "Ḵ"},  {'b', 'L', "Ḻ"},  {'b', 'N', "Ṉ"},  {'b', 'R', "Ṟ"},
    {'b', 'T', "Ṯ"},  {'b', 'Z', "Ẕ"},
};

struct Accent {
  char accent;
  const char* combining;  // the combining mark, UTF-8
};

constexpr Accent kAccents[] = {
    {'`', "\u0300"}, {'\'', "\u0301"}, {'^', "\u0302"}, {'~', "\u0303"},
    {'=', "\u0304"}, {'u', "\u0306"},  {'.', "\u0307"}, {'"', "\u0308"},
    {'r', "\u030a"}, {'H', "\u030b"},  {'v', "\u030c"}, {'d', "\u0323"},
    {'c', "\u0327"}, {'k', "\u0328"},  {'b', "\u0331"},
};

struct Symbol {
  const char* command;  // without the backslash
  const char* utf8;
};

// Letter-like commands and escaped characters.
constexpr Symbol kSymbols[] = {
    {"ss", "ß"},
    {"o", "ø"},
    {"O", "Ø"},
    {"ae", "æ"},
    {"AE", "Æ"},
    {"oe", "œ"},
    {"OE", "Œ"},
    {"aa", "å"},
    {"AA", "Å"},
    {"l", "ł"},
    {"L", "Ł"},
    {"i", "ı"},
    {"j", "ȷ"},
    {"&", "&"},
    {"%", "%"},
    {"$", "$"},
    {"#", "#"},
    {"_", "_"},
    {"{", "{"},
    {"}", "}"},
    {" ", " "},
    {"textendash", "–"},
    {"textemdash", "—"},
    {"textquoteleft", "‘"},
    {"textquoteright", "’"},
    {"dag", "†"},
    {"S", "§"},
    {"copyright", "©"},
    {"textregistered", "®"},
    {"texttrademark", "™"},
    {"euro", "€"},
    {"pounds", "£"},
    {"LaTeX", "LaTeX"},
    {"TeX", "TeX"},
    {"textbackslash", "\\"},
    {"textasciitilde", "~"},
    {"textasciicircum", "^"},
    {"textbraceleft", "{"},
    {"textbraceright", "}"},
};

bool IsAccent(char c) {
  for (const Accent& a : kAccents) {
    if (a.accent == c) return true;
  }
  return false;
}

std::string Compose(char accent, const std::string& base) {
  std::string letter = base;
  if (letter == "ı") letter = "i";  // \'{\i} is an accented i
  if (letter == "ȷ") letter = "j";
  if (letter.size() == 1) {
    for (const Accented& a : kAccented) {
      if (a.accent == accent && a.base == letter[0]) return a.utf8;
    }
  }
  for (const Accent& a : kAccents) {
    if (a.accent == accent) return letter + a.combining;
  }
  return letter;
}

class TexReader {
 public:
  explicit TexReader(absl::string_view tex) : tex_(tex) {}

  // Converts the whole input (or up to an unmatched '}' when `in_group`).
  std::string Run(bool in_group) {
    std::string out;
    while (pos_ < tex_.size()) {
      char c = tex_[pos_];
      if (c == '}') {
        ++pos_;
        if (in_group) return out;
        continue;  // an unmatched brace is dropped
      }
      if (c == '{') {
        ++pos_;
        out += Run(true);
        continue;
      }
      if (c == '\\') {
        out += Command();
        continue;
      }
      if (c == '$') {
        ++pos_;
        continue;
      }
      if (c == '~') {
        out += ' ';
        ++pos_;
        continue;
      }
      if (absl::string_view ligature = Ligature(); !ligature.empty()) {
        out.append(ligature.data(), ligature.size());
        continue;
      }
      out += c;
      ++pos_;
    }
    return out;
  }

 private:
  // At a dash or quote ligature of TeX (longest first): reads it and returns
  // its character; elsewhere returns "" and reads nothing.
  absl::string_view Ligature() {
    static constexpr std::pair<absl::string_view, absl::string_view>
        kLigatures[] = {{"---", "—"}, {"--", "–"}, {"``", "“"}, {"''", "”"}};
    for (const auto& [tex, character] : kLigatures) {
      if (absl::StartsWith(tex_.substr(pos_), tex)) {
        pos_ += tex.size();
        return character;
      }
    }
    return "";
  }

  // At a backslash: reads the command and its argument if it takes one.
  std::string Command() {
    ++pos_;  // the backslash
    if (pos_ >= tex_.size()) return "";
    std::string name;
    if (std::isalpha(static_cast<unsigned char>(tex_[pos_]))) {
      while (pos_ < tex_.size() &&
             std::isalpha(static_cast<unsigned char>(tex_[pos_]))) {
        name += tex_[pos_++];
      }
      // A letter command swallows the spaces after it.
      while (pos_ < tex_.size() && tex_[pos_] == ' ') ++pos_;
    } else {
      name = tex_[pos_++];
    }
    if (name.size() == 1 && IsAccent(name[0])) {
      return Compose(name[0], Argument());
    }
    for (const Symbol& s : kSymbols) {
      if (name == s.command) return s.utf8;
    }
    // Unknown command: drop it, keep its argument (\emph{x} -> x).
    return "";
  }

  // The argument of an accent: a group, a command (\i) or one character.
  std::string Argument() {
    while (pos_ < tex_.size() && tex_[pos_] == ' ') ++pos_;
    if (pos_ >= tex_.size()) return "";
    if (tex_[pos_] == '{') {
      ++pos_;
      return Run(true);
    }
    if (tex_[pos_] == '\\') return Command();
    // One UTF-8 character.
    size_t start = pos_++;
    while (pos_ < tex_.size() && (tex_[pos_] & 0xC0) == 0x80) ++pos_;
    return std::string(tex_.substr(start, pos_ - start));
  }

  absl::string_view tex_;
  size_t pos_ = 0;
};

// Appends `tex` to `out`. TeX reads "--", "``" and "''" as ligatures (a
// dash, curly quotes), so where the two would meet at such a pair (text
// "a--b", or "-" before "–") an empty group keeps them apart: "a-{}-b".
void AppendTex(std::string& out, absl::string_view tex) {
  if (!out.empty() && !tex.empty() && out.back() == tex.front() &&
      (tex.front() == '-' || tex.front() == '`' || tex.front() == '\'')) {
    out += "{}";
  }
  out.append(tex.data(), tex.size());
}

std::string CollapseSpace(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
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

std::string TexToUnicode(absl::string_view tex) {
  return CollapseSpace(TexReader(tex).Run(false));
}

std::string UnicodeToTex(absl::string_view text) {
  static const auto* reverse = [] {
    auto* map = new std::map<std::string, std::string>;
    for (const Accented& a : kAccented) {
      std::string base(1, a.base);
      if (a.base == 'i' && a.accent != 'c' && a.accent != 'k' &&
          a.accent != 'd' && a.accent != 'b') {
        base = "\\i";
      }
      std::string command = std::string("\\") + a.accent;
      if (std::isalpha(static_cast<unsigned char>(a.accent))) command += ' ';
      (*map)[a.utf8] = "{" + command + base + "}";
    }
    for (const Symbol& s : kSymbols) {
      std::string utf8 = s.utf8;
      if (utf8.size() > 1 && (utf8[0] & 0x80)) {
        (*map)[utf8] = std::string("{\\") + s.command + "}";
      }
    }
    (*map)["–"] = "--";
    (*map)["—"] = "---";
    (*map)["“"] = "``";
    (*map)["”"] = "''";
    return map;
  }();
  std::string out;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
    } else if (c >= 0xE0) {
      len = 3;
    } else if (c >= 0xC0) {
      len = 2;
    }
    std::string ch(text.substr(i, len));
    i += len;
    if (len > 1) {
      auto it = reverse->find(ch);
      AppendTex(out, it != reverse->end() ? it->second : ch);
      continue;
    }
    switch (c) {
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
        out += '\\';
        out += static_cast<char>(c);
        break;
      // BibTeX counts "\{" and "\}" as braces too, so a lone one would end
      // the field early.
      case '{':
        out += "{\\textbraceleft}";
        break;
      case '}':
        out += "{\\textbraceright}";
        break;
      case '\\':
        out += "{\\textbackslash}";
        break;
      case '~':
        out += "{\\textasciitilde}";
        break;
      case '^':
        out += "{\\textasciicircum}";
        break;
      default:
        AppendTex(out, ch);
    }
  }
  return out;
}

}  // namespace vita::formats
