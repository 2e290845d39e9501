#include "cli/bibtex_import.h"

#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/bibtex.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/orcid_import.h"
#include "cli/record_commands.h"
#include "common/resource_name.h"
#include "common/status_macros.h"

namespace vita::cli {
namespace {

using vita::v1::Publication;
using vita::v1::PublicationImportResult;
using Stub = vita::v1::ProfileService::Stub;

std::string Entries(size_t n) {
  return absl::StrCat(n, n == 1 ? " entry" : " entries");
}

bool HasOwner(const Publication& p) {
  for (const auto& a : p.authors()) {
    if (a.is_owner()) return true;
  }
  return false;
}

// "same doi", "same arxiv id", "same citation key", "same title and author".
std::string Why(PublicationImportResult::Match match) {
  switch (match) {
    case PublicationImportResult::SAME_DOI:
      return "same doi";
    case PublicationImportResult::SAME_ARXIV_ID:
      return "same arxiv id";
    case PublicationImportResult::SAME_CITATION_KEY:
      return "same citation key";
    case PublicationImportResult::SAME_TITLE_AND_AUTHOR:
      return "same title and author";
    default:
      return "";
  }
}

// A problem the server found, "publications[3].doi: rule", as the file's:
// "FILE:LINE: entry KEY: doi: rule".
std::string FileProblem(const std::string& path, const BibtexEntry& entry,
                        absl::string_view problem) {
  absl::string_view rest = problem;
  if (absl::ConsumePrefix(&rest, "publications[")) {
    size_t close = rest.find("]");
    if (close != absl::string_view::npos) {
      rest.remove_prefix(close + 1);
      absl::ConsumePrefix(&rest, ".");
    }
  }
  return absl::StrCat(path, ":", entry.line, ": entry ", entry.key, ": ", rest);
}

// One line of the report: "created NAME  Title (2024)", with the match and
// the filled fields of an update.
std::string ResultLine(const PublicationImportResult& result,
                       const BibtexEntry& entry, bool dry_run) {
  const Publication& p = result.publication();
  std::string verb;
  switch (result.action()) {
    case PublicationImportResult::CREATED:
      verb = dry_run ? "create" : "created";
      break;
    case PublicationImportResult::UPDATED:
      verb = dry_run ? "update" : "updated";
      break;
    default:
      verb = "unchanged";
  }
  std::string name = p.name();
  if (dry_run && result.action() == PublicationImportResult::CREATED &&
      PublicationIdFrom(entry.key, entry.publication.title()).empty()) {
    // A random id, made again by the import that writes.
    name = absl::StrCat(name.substr(0, name.rfind('/') + 1),
                        "{id chosen by the server}");
  }
  std::string line = absl::StrCat(
      verb, " ", name, "  ",
      entry.key == ItemIdOf(p.name()) ? "" : absl::StrCat("[", entry.key, "] "),
      entry.publication.title(), " (",
      entry.publication.year() == 0 ? std::string("no year")
                                    : absl::StrCat(entry.publication.year()),
      ")");
  if (result.match() != PublicationImportResult::MATCH_UNSPECIFIED) {
    absl::StrAppend(&line, ": ", Why(result.match()));
  }
  if (result.filled_fields_size() > 0) {
    absl::StrAppend(&line, "; filled ",
                    absl::StrJoin(result.filled_fields(), ", "));
  }
  return line;
}

// Reads the entries of the file an import names, for the profile's owner.
using EntryReader =
    std::function<absl::StatusOr<BibtexFile>(const vita::v1::Profile& owner)>;

// The import of the entries `read` gives (from the file `path`) into the
// current profile; ImportBibtex and ImportOrcidWorks differ only in `read`.
absl::Status ImportEntries(Context& ctx, const std::string& path,
                           const EntryReader& read,
                           const ImportOptions& options) {
  VITA_ASSIGN_OR_RETURN(std::string profile_name, ctx.ProfileName(""));
  VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
  VITA_ASSIGN_OR_RETURN(vita::v1::Profile owner,
                        GetProfile(*conn, profile_name));
  absl::StatusOr<BibtexFile> file = read(owner);
  if (!file.ok()) {
    // Every syntax problem on a line of its own; then the one-line error.
    std::vector<std::string> lines =
        absl::StrSplit(file.status().message(), '\n');
    if (!IsLocalInputError(file.status()) || lines.size() < 2) {
      return file.status();
    }
    for (const std::string& line : lines) ctx.Note(line);
    return LocalInputError(absl::StrCat(path, ": ", lines.size(),
                                        " problems; nothing was imported"));
  }
  const std::vector<BibtexEntry>& entries = file->entries;
  vita::v1::ImportPublicationsRequest request;
  request.set_parent(profile_name);
  for (const BibtexEntry& entry : entries) {
    *request.add_publications() = entry.publication;
  }
  // What the server finds wrong, asked first (a dry run that skips) so that
  // all problems are named together.
  std::map<int, std::string> problems;  // by line
  for (const BibtexProblem& problem : file->problems) {
    problems[problem.line] = problem.message;
  }
  request.set_dry_run(true);
  request.set_skip_invalid(true);
  VITA_ASSIGN_OR_RETURN(
      vita::v1::ImportPublicationsResponse response,
      conn->Call(&Stub::ImportPublications, request, profile_name));
  for (int i = 0; i < response.results_size(); ++i) {
    for (const std::string& problem : response.results(i).problems()) {
      problems[entries[i].line] = FileProblem(path, entries[i], problem);
    }
  }
  if (!problems.empty() && !options.skip_invalid) {
    for (const auto& [line, problem] : problems) ctx.Note(problem);
    std::string summary =
        absl::StrCat(path, ": ", Entries(problems.size()),
                     problems.size() == 1 ? " has a problem" : " have problems",
                     "; nothing was imported (--skip-invalid imports the "
                     "others)");
    return file->problems.size() == problems.size()
               ? LocalInputError(summary)
               : absl::InvalidArgumentError(summary);
  }
  if (!options.dry_run) {
    // The server checks again, in the transaction that writes.
    request.set_dry_run(false);
    request.set_skip_invalid(options.skip_invalid);
    VITA_ASSIGN_OR_RETURN(
        response, conn->Call(&Stub::ImportPublications, request, profile_name));
  }
  for (const auto& [line, problem] : problems) {
    ctx.Note(absl::StrCat("skipped ", problem));
  }
  std::vector<std::string> ownerless;
  int created = 0, updated = 0, unchanged = 0;
  for (int i = 0; i < response.results_size(); ++i) {
    const PublicationImportResult& result = response.results(i);
    if (result.action() == PublicationImportResult::SKIPPED_INVALID) continue;
    ctx.out << ResultLine(result, entries[i], options.dry_run) << "\n";
    switch (result.action()) {
      case PublicationImportResult::CREATED:
        ++created;
        break;
      case PublicationImportResult::UPDATED:
        ++updated;
        break;
      default:
        ++unchanged;
    }
    if (!HasOwner(result.publication())) ownerless.push_back(entries[i].key);
  }
  if (!ownerless.empty()) {
    std::vector<std::string> names = {owner.display_name()};
    for (const auto& v : owner.name_variants()) names.push_back(v);
    ctx.Note(absl::StrCat(
        "note: no author of ", absl::StrJoin(ownerless, ", "),
        " is named like the owner (", absl::StrJoin(names, "; "),
        "); add the spelling with `vita profile edit --add-name-variant NAME` "
        "and import again, or mark the owner with @ in `vita publication "
        "edit`"));
  }
  std::string counts =
      absl::StrCat(created, " created, ", updated, " updated, ", unchanged,
                   " unchanged, ", problems.size(), " skipped");
  if (options.dry_run) {
    ctx.Note(absl::StrCat("dry run: nothing was written (",
                          Entries(entries.size() + file->problems.size()), ": ",
                          counts, ")"));
  } else {
    ctx.Note(absl::StrCat("imported ",
                          Entries(entries.size() + file->problems.size()),
                          " from ", path, ": ", counts));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ImportBibtex(Context& ctx, const std::string& path,
                          const ImportOptions& options) {
  return ImportEntries(
      ctx, path,
      [&path](const vita::v1::Profile& owner) {
        return ReadBibtexFile(path, owner);
      },
      options);
}

absl::Status ImportOrcidWorks(Context& ctx, const std::string& path,
                              const ImportOptions& options) {
  return ImportEntries(
      ctx, path,
      [&path](const vita::v1::Profile& owner) -> absl::StatusOr<BibtexFile> {
        std::ifstream in(path);
        std::stringstream content;
        content << in.rdbuf();
        if (!in) return LocalInputError(absl::StrCat("cannot read ", path));
        VITA_ASSIGN_OR_RETURN(
            std::vector<BibtexEntry> entries,
            PublicationsFromOrcidWorks(content.str(), path, owner));
        return BibtexFile{std::move(entries), {}};
      },
      options);
}

}  // namespace vita::cli
