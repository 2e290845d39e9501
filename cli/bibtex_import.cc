#include "cli/bibtex_import.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/bibtex.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/field_mask.h"
#include "cli/orcid_import.h"
#include "cli/record_commands.h"
#include "common/resource_name.h"
#include "common/status_macros.h"

namespace vita::cli {
namespace {

using vita::v1::Publication;
using Stub = vita::v1::ProfileService::Stub;

// The fields a BibTeX import sets.
std::vector<std::string> ImportedFields(const Publication& p) {
  std::vector<std::string> fields = {"title",  "authors",  "venue",
                                     "status", "year",     "date",
                                     "links",  "abstract", "bibtex"};
  if (p.tags_size() > 0) fields.push_back("tags");
  return fields;
}

std::string Entries(size_t n) {
  return absl::StrCat(n, n == 1 ? " entry" : " entries");
}

bool HasOwner(const Publication& p) {
  for (const auto& a : p.authors()) {
    if (a.is_owner()) return true;
  }
  return false;
}

}  // namespace

void KeepAuthorMarks(const Publication& before, Publication* after) {
  bool owner_marked = false;
  for (const auto& a : before.authors()) owner_marked |= a.is_owner();
  for (auto& author : *after->mutable_authors()) {
    for (const auto& old : before.authors()) {
      if (old.name() != author.name()) continue;
      author.set_equal_contribution(old.equal_contribution());
      author.set_corresponding(old.corresponding());
      if (author.url().empty()) author.set_url(old.url());
      if (owner_marked) author.set_is_owner(old.is_owner());
    }
  }
}

namespace {

// The entries of the file at `path` for the profile `owner`.
using EntryParser = std::function<absl::StatusOr<std::vector<BibtexEntry>>(
    const vita::v1::Profile& owner)>;

absl::Status ImportEntries(Context& ctx, const std::string& path,
                           const EntryParser& parse, bool dry_run);

}  // namespace

absl::Status ImportBibtex(Context& ctx, const std::string& path, bool dry_run) {
  return ImportEntries(
      ctx, path,
      [&path](const vita::v1::Profile& owner) {
        return ParseBibtexFile(path, owner);
      },
      dry_run);
}

absl::Status ImportOrcidWorks(Context& ctx, const std::string& path,
                              bool dry_run) {
  return ImportEntries(
      ctx, path,
      [&path](const vita::v1::Profile& owner)
          -> absl::StatusOr<std::vector<BibtexEntry>> {
        std::ifstream in(path);
        std::stringstream content;
        content << in.rdbuf();
        if (!in) {
          return LocalInputError(absl::StrCat("cannot read ", path));
        }
        return PublicationsFromOrcidWorks(content.str(), path, owner);
      },
      dry_run);
}

namespace {

absl::Status ImportEntries(Context& ctx, const std::string& path,
                           const EntryParser& parse, bool dry_run) {
  VITA_ASSIGN_OR_RETURN(std::string profile_name, ctx.ProfileName(""));
  VITA_ASSIGN_OR_RETURN(std::string profile_id,
                        ParseProfileName("profile", profile_name));
  VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
  VITA_ASSIGN_OR_RETURN(vita::v1::Profile owner,
                        GetProfile(*conn, profile_name));
  VITA_ASSIGN_OR_RETURN(std::vector<BibtexEntry> entries, parse(owner));
  VITA_ASSIGN_OR_RETURN(vita::v1::ListPublicationsResponse existing,
                        ListAll<vita::v1::Publication>(*conn, profile_name));
  // The resource name of a publication of this profile; for an id the
  // server is still to choose, says so.
  auto NameOf = [&profile_id](const std::string& id) {
    return ItemResourceName(Collection::kPublications, profile_id,
                            id.empty() ? "{id chosen by the server}" : id);
  };
  std::map<std::string, Publication> by_key;
  std::set<std::string> ids;
  for (const auto& p : existing.publications()) {
    if (!p.citation_key().empty()) by_key[p.citation_key()] = p;
    ids.insert(IdOf(p.name()));
  }

  struct Step {
    const BibtexEntry* entry;
    bool create;
    std::string id;
    Publication before;
    std::vector<std::string> changes;  // of an update; empty: unchanged
  };
  std::vector<Step> plan;
  for (const BibtexEntry& entry : entries) {
    Step step{&entry, true, "", {}, {}};
    auto it = by_key.find(entry.key);
    if (it != by_key.end()) {
      step.create = false;
      step.before = it->second;
      step.id = IdOf(it->second.name());
      Publication next = entry.publication;
      KeepAuthorMarks(step.before, &next);
      std::vector<std::string> imported = ImportedFields(entry.publication);
      std::set<std::string> ignore;
      const auto* d = Publication::descriptor();
      for (int i = 0; i < d->field_count(); ++i)
        ignore.insert(d->field(i)->name());
      for (const std::string& f : imported) ignore.erase(f);
      step.changes = ChangedFields(step.before, next, ignore);
    } else {
      // The server's rule for an id (common/resource_name.h), made unique
      // among the profile's ids and this file's. With no word in the key or
      // the title, the server chooses the id.
      std::string base =
          PublicationIdFrom(entry.key, entry.publication.title());
      std::string id = base;
      for (int n = 2; !base.empty() && ids.count(id); ++n) {
        id = absl::StrCat(base, "-", n);
      }
      if (!id.empty()) ids.insert(id);
      step.id = id;
    }
    plan.push_back(step);
  }
  // "[Key:2024] Title" (the key only when the id is not the key itself).
  auto Describe = [](const Step& step) {
    const std::string& key = step.entry->key;
    return absl::StrCat(
        key == step.id ? "" : absl::StrCat("[", key, "] "),
        step.entry->publication.title(), " (", step.entry->publication.year(),
        ")",
        step.changes.empty()
            ? ""
            : absl::StrCat(": ", absl::StrJoin(step.changes, ", ")));
  };
  std::vector<std::string> ownerless;
  for (const Step& step : plan) {
    if (!HasOwner(step.entry->publication) &&
        (step.create || !HasOwner(step.before))) {
      ownerless.push_back(step.entry->key);
    }
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
  if (dry_run) {
    for (const Step& step : plan) {
      ctx.out << (step.create            ? "create "
                  : step.changes.empty() ? "unchanged "
                                         : "update ")
              << NameOf(step.id) << "  " << Describe(step) << "\n";
    }
    ctx.Note(absl::StrCat("dry run: nothing was written (",
                          Entries(plan.size()), ")"));
    return absl::OkStatus();
  }

  // What the import wrote, with the etag the server gave it: the undo
  // changes a record only while it still has that etag.
  std::vector<std::pair<const Step*, std::string>> done;
  absl::Status failure;
  const Step* failed = nullptr;
  for (Step& step : plan) {
    if (!step.create && step.changes.empty()) continue;
    std::string name = NameOf(step.id);
    absl::StatusOr<Publication> written;
    if (step.create) {
      vita::v1::CreatePublicationRequest request;
      request.set_parent(profile_name);
      request.set_publication_id(step.id);
      *request.mutable_publication() = step.entry->publication;
      written = conn->Call(&Stub::CreatePublication, request, name);
    } else {
      vita::v1::UpdatePublicationRequest request;
      *request.mutable_publication() = step.entry->publication;
      KeepAuthorMarks(step.before, request.mutable_publication());
      request.mutable_publication()->set_name(name);
      request.mutable_publication()->set_etag(step.before.etag());
      *request.mutable_update_mask() =
          MaskOf(ImportedFields(step.entry->publication));
      written = conn->Call(&Stub::UpdatePublication, request, name);
    }
    if (!written.ok()) {
      failure = written.status();
      failed = &step;
      break;
    }
    step.id = IdOf(written->name());
    done.emplace_back(&step, written->etag());
  }
  if (failed) {
    // Undo what was written, newest first, but only what nobody else changed
    // since: a record whose etag is no longer the one the import got back is
    // left as it is.
    std::vector<std::string> undone, left;
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
      const Step& step = *it->first;
      const std::string& etag = it->second;
      std::string name = NameOf(step.id);
      absl::Status undo;
      if (step.create) {
        // DeletePublication takes no etag: check it just before deleting.
        vita::v1::GetPublicationRequest get;
        get.set_name(name);
        auto current = conn->Call(&Stub::GetPublication, get, name);
        if (absl::IsNotFound(current.status())) {
          undo = absl::OkStatus();  // someone else deleted it already
        } else if (!current.ok()) {
          undo = current.status();
        } else if (current->etag() != etag) {
          undo = absl::AbortedError("changed meanwhile");
        } else {
          vita::v1::DeletePublicationRequest request;
          request.set_name(name);
          undo = conn->Call(&Stub::DeletePublication, request, name).status();
        }
      } else {
        vita::v1::UpdatePublicationRequest request;
        *request.mutable_publication() = step.before;
        request.mutable_publication()->set_etag(etag);
        *request.mutable_update_mask() =
            MaskOf(ImportedFields(step.entry->publication));
        request.mutable_update_mask()->add_paths("tags");
        undo = conn->Call(&Stub::UpdatePublication, request, name).status();
      }
      std::string what = absl::StrCat(
          step.entry->key, step.create ? " (created)" : " (updated)");
      if (undo.ok()) {
        undone.push_back(what);
      } else if (undo.code() == absl::StatusCode::kAborted) {
        left.push_back(absl::StrCat(what, ", changed by someone else since"));
      } else {
        left.push_back(absl::StrCat(what, ", ", undo.message()));
      }
    }
    std::reverse(undone.begin(), undone.end());
    std::reverse(left.begin(), left.end());
    std::string message =
        absl::StrCat(path, ":", failed->entry->line, ": entry ",
                     failed->entry->key, ": ", failure.message(), "; ");
    if (!undone.empty()) {
      absl::StrAppend(&message, "undone: ", absl::StrJoin(undone, "; "), "; ");
    }
    if (left.empty()) {
      absl::StrAppend(&message, "nothing was imported");
    } else {
      absl::StrAppend(
          &message, "these entries stay written: ", absl::StrJoin(left, "; "));
    }
    return absl::Status(failure.code(), message);
  }
  int created = 0, updated = 0, unchanged = 0;
  for (const Step& step : plan) {
    bool same = !step.create && step.changes.empty();
    ctx.out << (step.create ? "created "
                : same      ? "unchanged "
                            : "updated ")
            << NameOf(step.id) << "  " << Describe(step) << "\n";
    (step.create ? created : same ? unchanged : updated)++;
  }
  ctx.Note(absl::StrCat("imported ", Entries(plan.size()), " from ", path, ": ",
                        created, " created, ", updated, " updated, ", unchanged,
                        " unchanged"));
  return absl::OkStatus();
}

}  // namespace

}  // namespace vita::cli
