#include "cli/bibtex.h"

#include <btparse.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/author_syntax.h"
#include "cli/exit_codes.h"
#include "cli/input.h"
#include "cli/yaml_proto.h"
#include "common/publication_ids.h"
#include "common/status_macros.h"
#include "formats/tex_unicode.h"

namespace vita::cli {
namespace {

using formats::TexToUnicode;
using vita::v1::Publication;
using vita::v1::PublicationLink;

constexpr const char* kMonths[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// libbtparse reports problems on stderr; this collects them instead.
class StderrCapture {
 public:
  StderrCapture() {
    fflush(stderr);
    file_ = tmpfile();
    if (!file_) return;
    saved_ = dup(2);
    dup2(fileno(file_), 2);
  }
  // Restores stderr and returns what was written meanwhile.
  std::string Finish() {
    if (!file_) return "";
    fflush(stderr);
    dup2(saved_, 2);
    close(saved_);
    std::string text;
    rewind(file_);
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, file_)) > 0) {
      text.append(buffer, n);
    }
    fclose(file_);
    file_ = nullptr;
    return text;
  }
  ~StderrCapture() { Finish(); }

 private:
  FILE* file_ = nullptr;
  int saved_ = -1;
};

// Every message of the parser, each "refs.bib, line 11, warning: x" as
// "refs.bib:11: warning: x".
std::vector<std::string> ParserProblems(const std::string& messages,
                                        const std::string& path) {
  std::vector<std::string> problems;
  for (absl::string_view line :
       absl::StrSplit(messages, '\n', absl::SkipWhitespace())) {
    std::string problem(line);
    size_t at = problem.find(", line ");
    if (at != std::string::npos) {
      size_t comma = problem.find(", ", at + 7);
      if (comma != std::string::npos) {
        problem = absl::StrCat(problem.substr(0, at), ":",
                               problem.substr(at + 7, comma - at - 7), ": ",
                               problem.substr(comma + 2));
      }
    }
    // Some of libbtparse's messages (lexical errors) do not name the file.
    if (!absl::StartsWith(problem, path)) {
      problem = absl::StrCat(path, ": ", problem);
    }
    problems.push_back(std::move(problem));
  }
  return problems;
}

int MonthNumber(const std::string& text) {
  std::string m = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  int number = 0;
  if (absl::SimpleAtoi(m, &number) && number >= 1 && number <= 12) {
    return number;
  }
  if (m.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (absl::StartsWith(kMonths[i], m.substr(0, 3)) &&
        absl::StartsWith(kMonths[i], absl::StripSuffix(m, "."))) {
      return i + 1;
    }
  }
  return 0;
}

std::string NameFromParts(bt_name* name) {
  std::vector<std::string> words;
  for (bt_namepart part : {BTN_FIRST, BTN_VON, BTN_LAST, BTN_JR}) {
    for (int i = 0; i < name->part_len[part]; ++i) {
      words.push_back(name->parts[part][i]);
    }
  }
  return TexToUnicode(absl::StrJoin(words, " "));
}

PublicationLink::Kind KindOfUrl(const std::string& url) {
  std::string u = absl::AsciiStrToLower(url);
  if (absl::StrContains(u, "arxiv.org")) return PublicationLink::ARXIV;
  if (absl::StrContains(u, "doi.org")) return PublicationLink::DOI;
  if (absl::StrContains(u, "github.com") || absl::StrContains(u, "gitlab")) {
    return PublicationLink::CODE;
  }
  if (absl::EndsWith(u, ".pdf")) return PublicationLink::PDF;
  return PublicationLink::PROJECT_PAGE;
}

void AddLink(Publication& p, PublicationLink::Kind kind, std::string url) {
  for (const auto& link : p.links()) {
    if (link.url() == url) return;
  }
  PublicationLink* link = p.add_links();
  link->set_kind(kind);
  link->set_url(std::move(url));
}

Publication::Status StatusOf(const std::map<std::string, std::string>& f,
                             const std::string& type,
                             const std::string& venue) {
  auto get = [&](const char* k) {
    auto it = f.find(k);
    return it == f.end() ? std::string() : absl::AsciiStrToLower(it->second);
  };
  std::string state = absl::StrCat(get("pubstate"), " ", get("note"));
  if (absl::StrContains(state, "accepted") ||
      absl::StrContains(state, "to appear") ||
      absl::StrContains(state, "forthcoming") ||
      absl::StrContains(state, "inpress") ||
      absl::StrContains(state, "in press")) {
    return Publication::ACCEPTED;
  }
  if (absl::StrContains(state, "submitted") ||
      absl::StrContains(state, "under review") ||
      absl::StrContains(state, "under submission")) {
    return Publication::UNDER_SUBMISSION;
  }
  if (absl::StrContains(state, "prepublished") ||
      absl::StrContains(state, "preprint")) {
    return Publication::PREPRINT;
  }
  std::string v = absl::AsciiStrToLower(venue);
  if (absl::StrContains(v, "arxiv") || absl::StrContains(v, "corr") ||
      absl::StrContains(v, "preprint") || type == "unpublished" ||
      (venue.empty() && (type == "misc" || f.count("eprint")))) {
    return Publication::PREPRINT;
  }
  return Publication::PUBLISHED;
}

// The kind of work a BibTeX entry type names; a preprint @article and an
// unpublished @misc are manuscripts.
Publication::Type TypeOf(const std::string& type, Publication::Status status) {
  static const auto* kTypes = new std::map<std::string, Publication::Type>{
      {"inproceedings", Publication::CONFERENCE_PAPER},
      {"conference", Publication::CONFERENCE_PAPER},
      {"article", Publication::JOURNAL_ARTICLE},
      {"unpublished", Publication::MANUSCRIPT},
      {"phdthesis", Publication::THESIS},
      {"mastersthesis", Publication::THESIS},
      {"thesis", Publication::THESIS},
      {"book", Publication::BOOK},
      {"inbook", Publication::BOOK_CHAPTER},
      {"incollection", Publication::BOOK_CHAPTER},
      {"techreport", Publication::TECHNICAL_REPORT},
      {"report", Publication::TECHNICAL_REPORT},
      {"patent", Publication::PATENT},
  };
  if ((status == Publication::PREPRINT && type == "article") ||
      (status != Publication::PUBLISHED && type == "misc")) {
    return Publication::MANUSCRIPT;
  }
  auto it = kTypes->find(type);
  return it == kTypes->end() ? Publication::OTHER : it->second;
}

std::string ProblemAt(const std::string& path, int line,
                      const std::string& message) {
  return absl::StrCat(path, ":", line, ": ", message);
}

// Converts one parsed regular entry.
absl::StatusOr<BibtexEntry> ConvertEntry(AST* entry, const std::string& path,
                                         const vita::v1::Profile& owner) {
  BibtexEntry result;
  result.line = entry->line;
  const char* key = bt_entry_key(entry);
  result.key = key ? key : "";
  std::string type = absl::AsciiStrToLower(bt_entry_type(entry));
  if (result.key.empty()) {
    return LocalInputError(
        ProblemAt(path, result.line, absl::StrCat("@", type, " has no key")));
  }
  std::map<std::string, std::string> fields;  // lower-case name -> TeX text
  std::map<std::string, int> lines;
  std::vector<std::string> order;
  char* field_name = nullptr;
  AST* field = nullptr;
  while ((field = bt_next_field(entry, field, &field_name))) {
    std::string name = absl::AsciiStrToLower(field_name);
    // bt_get_text returns a copy the caller frees.
    char* text = bt_get_text(field);
    fields[name] = text ? text : "";
    std::free(text);
    lines[name] = field->line;
    order.push_back(name);
  }
  auto where = [&](const char* what) {
    return absl::StrCat("entry ", result.key, ": ", what);
  };
  Publication& p = result.publication;
  p.set_citation_key(result.key);
  for (const char* required : {"title", "author"}) {
    if (!fields.count(required) ||
        absl::StripAsciiWhitespace(fields[required]).empty()) {
      return LocalInputError(ProblemAt(
          path, result.line,
          where(absl::StrCat("missing required field \"", required, "\"")
                    .c_str())));
    }
  }
  p.set_title(TexToUnicode(fields["title"]));
  // A year-less entry (a preprint, a paper under submission) imports with
  // year 0, "not known yet".
  int year = 0;
  if (fields.count("year") &&
      (!absl::SimpleAtoi(absl::StripAsciiWhitespace(fields["year"]), &year) ||
       year < 1000 || year > 9999)) {
    return LocalInputError(
        ProblemAt(path, lines["year"],
                  where(absl::StrCat("year \"", fields["year"],
                                     "\" is not a four-digit year")
                            .c_str())));
  }
  p.set_year(year);

  // Authors: "A and B and C", each "First von Last" or "von Last, First".
  std::string authors = fields["author"];
  bt_stringlist* list = bt_split_list(
      authors.data(), const_cast<char*>("and"), const_cast<char*>(path.c_str()),
      lines["author"], const_cast<char*>("name"));
  if (list) {
    for (int i = 0; i < list->num_items; ++i) {
      if (!list->items[i]) continue;
      std::string item = list->items[i];
      if (absl::AsciiStrToLower(absl::StripAsciiWhitespace(item)) == "others") {
        p.set_more_authors(true);
        continue;
      }
      bt_name* name = bt_split_name(
          list->items[i], const_cast<char*>(path.c_str()), lines["author"], i);
      if (!name) continue;
      std::string full = NameFromParts(name);
      bt_free_name(name);
      if (!full.empty()) p.add_authors()->set_name(full);
    }
    bt_free_list(list);
  }
  if (p.authors_size() == 0) {
    return LocalInputError(
        ProblemAt(path, lines["author"], where("the author list is empty")));
  }
  MarkOwner(owner, p.mutable_authors());

  for (const char* venue_field :
       {"booktitle", "journal", "howpublished", "school", "institution"}) {
    if (fields.count(venue_field) && !fields[venue_field].empty()) {
      p.set_venue(TexToUnicode(fields[venue_field]));
      break;
    }
  }
  p.set_status(StatusOf(fields, type, p.venue()));

  if (fields.count("date")) {
    auto date = ParseDate(fields["date"]);
    if (date.ok() && date->year() == year) *p.mutable_date() = *date;
  }
  if (!p.has_date() && fields.count("month") && year != 0) {
    int month = MonthNumber(fields["month"]);
    if (month == 0) {
      return LocalInputError(ProblemAt(
          path, lines["month"],
          where(absl::StrCat("month \"", fields["month"], "\" is not a month")
                    .c_str())));
    }
    p.mutable_date()->set_year(year);
    p.mutable_date()->set_month(month);
  }

  // DOI and arXiv id are typed fields; the page derives their links, so a
  // url that is one of them is not stored as a link as well.
  std::string archive = absl::AsciiStrToLower(fields.count("archiveprefix")
                                                  ? fields["archiveprefix"]
                                                  : fields["eprinttype"]);
  if (fields.count("eprint") && (archive.empty() || archive == "arxiv")) {
    p.set_arxiv_id(ArxivIdFrom(fields["eprint"]));
  }
  if (fields.count("doi")) p.set_doi(DoiFrom(fields["doi"]));
  if (fields.count("url")) {
    std::string url(absl::StripAsciiWhitespace(fields["url"]));
    std::string doi = DoiFrom(url), arxiv_id = ArxivIdFrom(url);
    bool is_doi = !doi.empty() && doi != url;
    bool is_arxiv = !arxiv_id.empty() && arxiv_id != url;
    if (is_doi && p.doi().empty()) p.set_doi(doi);
    if (is_arxiv && p.arxiv_id().empty()) p.set_arxiv_id(arxiv_id);
    if (!(is_doi && absl::EqualsIgnoreCase(doi, p.doi())) &&
        !(is_arxiv && arxiv_id == p.arxiv_id())) {
      AddLink(p, KindOfUrl(url), url);
    }
  }
  p.set_type(TypeOf(type, p.status()));
  if (fields.count("pdf")) AddLink(p, PublicationLink::PDF, fields["pdf"]);
  if (fields.count("code")) AddLink(p, PublicationLink::CODE, fields["code"]);
  if (fields.count("abstract"))
    p.set_abstract(TexToUnicode(fields["abstract"]));
  if (fields.count("keywords")) {
    for (absl::string_view tag :
         absl::StrSplit(fields["keywords"], absl::ByAnyChar(",;"))) {
      std::string t = TexToUnicode(absl::StripAsciiWhitespace(tag));
      if (!t.empty()) p.add_tags(t);
    }
  }
  // The entry itself, macros expanded.
  std::string bibtex = absl::StrCat("@", type, "{", result.key, ",\n");
  for (const std::string& name : order) {
    absl::StrAppend(&bibtex, "  ", name, " = {", fields[name], "},\n");
  }
  bibtex += "}\n";
  p.set_bibtex(bibtex);
  return result;
}

// Fields of the imported entry that a Publication does not hold but a
// bibliography needs, in the order they are exported.
}  // namespace

absl::StatusOr<BibtexFile> ReadBibtexFile(const std::string& path,
                                          const vita::v1::Profile& owner) {
  FILE* file = fopen(path.c_str(), "r");
  if (!file) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  // libbtparse asserts (the process aborts) on a NUL byte inside a value,
  // and exits on a '"' in an entry's type ("@arti"cle{"): both are refused
  // before it sees them.
  int line = 1;
  bool in_type = false;  // between "@" and the "{" or "(" after the type
  for (int c; (c = fgetc(file)) != EOF;) {
    if (c == '\n') ++line;
    std::string problem;
    if (c == '\0') problem = "a NUL byte: not a text file (BibTeX is text)";
    if (c == '"' && in_type) {
      problem = "'\"' in an entry type (expected @type{key, ...})";
    }
    if (!problem.empty()) {
      fclose(file);
      return LocalInputError(ProblemAt(path, line, problem));
    }
    if (c == '@') in_type = true;
    if (c == '{' || c == '(' || c == '\n') in_type = false;
  }
  rewind(file);
  bt_initialize();
  bt_set_stringopts(BTE_REGULAR, BTO_FULL);
  bt_set_stringopts(BTE_MACRODEF, BTO_MACRO);
  for (int i = 0; i < 12; ++i) {
    std::string month(kMonths[i]);
    std::string macro = month.substr(0, 3);
    month[0] = absl::ascii_toupper(month[0]);
    bt_add_macro_text(macro.data(), month.data(), nullptr, 0);
  }
  std::vector<AST*> entries;
  bool ok = true;
  std::string messages;
  {
    StderrCapture capture;
    boolean status = 1;
    AST* entry;
    while (!feof(file) &&
           (entry = bt_parse_entry(file, const_cast<char*>(path.c_str()), 0,
                                   &status))) {
      if (!status) ok = false;
      entries.push_back(entry);
    }
    messages = capture.Finish();
  }
  // libbtparse keeps the file it reads in static state and lets it go only
  // in a call that starts at end of file; until then a call with another
  // file exits the process. The parser may stop before the end (an empty
  // file, input it gives up on), so the rest is skipped and that call
  // made, its complaints left out.
  while (fgetc(file) != EOF) {
  }
  {
    StderrCapture ignored;
    boolean status = 1;
    bt_parse_entry(file, const_cast<char*>(path.c_str()), 0, &status);
  }
  fclose(file);

  std::vector<std::string> syntax = ParserProblems(messages, path);
  if (!ok && syntax.empty()) syntax.push_back(path + ": syntax error");
  BibtexFile result;
  std::map<std::string, int> seen;
  for (AST* entry : entries) {
    if (syntax.empty() && bt_entry_metatype(entry) == BTE_REGULAR) {
      const char* key = bt_entry_key(entry);
      auto converted = ConvertEntry(entry, path, owner);
      if (!converted.ok()) {
        result.problems.push_back({key ? key : "", entry->line,
                                   std::string(converted.status().message())});
      } else if (seen.count(converted->key)) {
        result.problems.push_back(
            {converted->key, converted->line,
             ProblemAt(path, converted->line,
                       absl::StrCat("duplicate key \"", converted->key,
                                    "\" (first at line ", seen[converted->key],
                                    ")"))});
      } else {
        seen[converted->key] = converted->line;
        result.entries.push_back(std::move(*converted));
      }
    }
    bt_free_ast(entry);
  }
  bt_delete_all_macros();
  bt_cleanup();
  // A syntax error leaves the file's entries uncertain: nothing of it is
  // imported, whatever the options.
  if (!syntax.empty()) return LocalInputError(absl::StrJoin(syntax, "\n"));
  return result;
}

absl::StatusOr<std::vector<BibtexEntry>> ParseBibtexFile(
    const std::string& path, const vita::v1::Profile& owner) {
  VITA_ASSIGN_OR_RETURN(BibtexFile file, ReadBibtexFile(path, owner));
  if (!file.problems.empty()) {
    std::vector<std::string> messages;
    for (const BibtexProblem& problem : file.problems) {
      messages.push_back(problem.message);
    }
    return LocalInputError(absl::StrJoin(messages, "\n"));
  }
  return std::move(file.entries);
}

}  // namespace vita::cli
