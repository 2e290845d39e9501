// vita history, vita restore, vita undo, vita audit and vita backup: the
// change log of vita.v1.HistoryService from a terminal.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/render.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "vita/v1/history_service.grpc.pb.h"

namespace vita::cli {
namespace {

using HistoryStub = vita::v1::HistoryService::Stub;

// The record RESOURCE names: a resource name ("profiles/ann/news/x"), a
// profile id, or (empty) the profile the command works on.
absl::StatusOr<std::string> RecordName(Context& ctx, const std::string& arg) {
  if (arg.find('/') == std::string::npos) return ctx.ProfileName(arg);
  absl::StatusOr<ResourceName> parsed = ParseResourceName("RESOURCE", arg);
  if (!parsed.ok()) return RefusedName(parsed.status());
  return arg;
}

std::string Time(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%SZ",
                          absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

std::string Who(const vita::v1::Change& change) {
  return change.token_label().empty()
             ? change.token_id()
             : absl::StrCat(change.token_id(), " (", change.token_label(), ")");
}

// "updated: headline, bio", "created", "deleted", ...
std::string WhatChanged(const vita::v1::Revision& revision) {
  switch (revision.kind()) {
    case vita::v1::Revision::CREATED:
      return "created";
    case vita::v1::Revision::DELETED:
      return "deleted";
    case vita::v1::Revision::PRIOR:
      return "as it was before the retained history";
    default:
      return absl::StrCat("updated: ",
                          absl::StrJoin(revision.changed_fields(), ", "));
  }
}

// One line about a change: "change 12 (ImportPage profiles/bob by admin at
// 2026-01-01 10:00:00Z, 5 records)".
std::string Describe(const vita::v1::Change& change) {
  return absl::StrCat("change ", change.id(), " (", change.method(), " ",
                      change.resource(), " by ", Who(change), " at ",
                      Time(change.time()), ", ", change.records_size(),
                      " record(s))");
}

void AddHistory(CLI::App& app, Context& ctx) {
  auto resource = std::make_shared<std::string>();
  auto version = std::make_shared<int64_t>(-1);
  CLI::App* cmd = AddCommand(
      &app, "history",
      "List the versions of a record, newest first, with the fields each "
      "changed; or show one (--version)",
      {"vita history hexu-zhao", "vita history profiles/hexu-zhao/news/x",
       "vita history hexu-zhao --version 3 -o yaml",
       "Deleted records have a history too; `vita restore` brings one back."});
  cmd->add_option("RESOURCE", *resource,
                  "A profile id or a resource name (profiles/ID, "
                  "profiles/ID/news/ID, profiles/ID/publications/ID); "
                  "default: --profile. A profile's history holds the "
                  "profile record only: its news items and publications "
                  "have their own (vita audit lists every change)");
  cmd->add_option("--version", *version,
                  "Show this version of the record (with -o yaml or json: "
                  "the whole record)")
      ->check(CLI::NonNegativeNumber);
  SetAction(cmd, ctx, [&ctx, resource, version]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::string name, RecordName(ctx, *resource));
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    if (*version >= 0) {
      vita::v1::GetRevisionRequest request;
      request.set_name(name);
      request.set_version(*version);
      VITA_ASSIGN_OR_RETURN(
          vita::v1::Revision revision,
          conn->Call(&HistoryStub::GetRevision, request,
                     absl::StrCat(name, " version ", *version)));
      return PrintRecord(ctx, revision, [&] {
        ctx.out << name << " version " << revision.version() << ": "
                << WhatChanged(revision);
        if (revision.has_change()) {
          ctx.out << " by " << Who(revision.change()) << " at "
                  << Time(revision.change().time()) << " ("
                  << revision.change().method() << ")";
        }
        ctx.out << "\n\n";
        if (revision.has_profile()) RenderProfile(revision.profile(), ctx.out);
        if (revision.has_news_item()) {
          RenderNewsItem(revision.news_item(), ctx.out);
        }
        if (revision.has_publication()) {
          RenderPublication(revision.publication(), ctx.out);
        }
      });
    }
    vita::v1::ListRevisionsRequest request;
    request.set_name(name);
    VITA_ASSIGN_OR_RETURN(
        vita::v1::ListRevisionsResponse listed,
        conn->Call(&HistoryStub::ListRevisions, request, name));
    return PrintRecord(ctx, listed, [&] {
      Table table({"VERSION", "TIME", "TOKEN", "METHOD", "CHANGE"});
      for (const vita::v1::Revision& revision : listed.revisions()) {
        bool known = revision.has_change();
        table.AddRow({absl::StrCat(revision.version()),
                      known ? Time(revision.change().time()) : "",
                      known ? Who(revision.change()) : "",
                      known ? revision.change().method() : "",
                      WhatChanged(revision)});
      }
      table.Print(ctx.out, absl::StrCat("no recorded changes of ", name));
    });
  });
}

void AddRestore(CLI::App& app, Context& ctx) {
  auto resource = std::make_shared<std::string>();
  auto version = std::make_shared<int64_t>(0);
  auto etag = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  CLI::App* cmd = AddCommand(
      &app, "restore",
      "Make a version of a record (see vita history) its current one again, "
      "as a new change; brings back deleted records, and a deleted profile "
      "with its news and publications",
      {"vita profile rm hexu-zhao --force", "vita history hexu-zhao",
       "vita restore hexu-zhao --version 3"});
  cmd->add_option("RESOURCE", *resource,
                  "A profile id or a resource name; default: --profile");
  cmd->add_option("--version", *version, "The version to restore")
      ->required()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--etag", *etag,
                  "Refuse (exit 7) unless the record's history is still at "
                  "this etag (vita history -o json shows it); default: the "
                  "etag read just before restoring");
  cmd->add_flag("--force", *force,
                "Restore even over changes made after the etag");
  SetAction(cmd, ctx, [&ctx, resource, version, etag, force]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::string name, RecordName(ctx, *resource));
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    vita::v1::RestoreRevisionRequest request;
    request.set_name(name);
    request.set_version(*version);
    request.set_force(*force);
    request.set_etag(*etag);
    if (etag->empty() && !*force) {
      vita::v1::ListRevisionsRequest list;
      list.set_name(name);
      VITA_ASSIGN_OR_RETURN(
          vita::v1::ListRevisionsResponse listed,
          conn->Call(&HistoryStub::ListRevisions, list, name));
      request.set_etag(listed.etag());
    }
    VITA_ASSIGN_OR_RETURN(
        vita::v1::Change change,
        conn->Call(&HistoryStub::RestoreRevision, request, name));
    if (change.id() == 0) {
      ctx.out << name << " is already as at version " << *version
              << "; nothing changed\n";
    } else {
      ctx.out << "restored " << name << " to version " << *version << ": "
              << Describe(change) << "\n";
    }
    return absl::OkStatus();
  });
}

void AddUndo(CLI::App& app, Context& ctx) {
  auto force = std::make_shared<bool>(false);
  CLI::App* cmd = AddCommand(
      &app, "undo",
      "Revert the last write made with your token (again: the one before) "
      "and say what it reverted",
      {"vita import wrong.json", "vita undo"});
  cmd->add_flag("--force", *force,
                "Undo even if a record it changed was changed since");
  SetAction(cmd, ctx, [&ctx, force]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    vita::v1::UndoRequest request;
    request.set_force(*force);
    VITA_ASSIGN_OR_RETURN(
        vita::v1::UndoResponse undone,
        conn->Call(&HistoryStub::Undo, request, "your last change"));
    ctx.out << "undid " << Describe(undone.reverted()) << "\n";
    return absl::OkStatus();
  });
}

void AddAudit(CLI::App& app, Context& ctx) {
  auto limit = std::make_shared<int>(100);
  CLI::App* cmd = AddCommand(
      &app, "audit",
      "The audit trail (admin only): every accepted write, newest first: "
      "when, which token, which method and resource",
      {"vita audit", "vita audit --limit 10 -o json"});
  cmd->add_option("--limit", *limit, "At most this many changes")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  SetAction(cmd, ctx, [&ctx, limit]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    vita::v1::ListChangesResponse all;
    vita::v1::ListChangesRequest request;
    do {
      request.set_page_size(std::min(*limit - all.changes_size(), 1000));
      VITA_ASSIGN_OR_RETURN(
          vita::v1::ListChangesResponse page,
          conn->Call(&HistoryStub::ListChanges, request, "the audit trail"));
      for (auto& change : *page.mutable_changes()) {
        *all.add_changes() = std::move(change);
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty() && all.changes_size() < *limit);
    return PrintRecord(ctx, all, [&] {
      Table table({"ID", "TIME", "TOKEN", "METHOD", "RESOURCE", "RECORDS"});
      for (const vita::v1::Change& change : all.changes()) {
        std::string method = change.method();
        if (change.reverts() != 0) {
          absl::StrAppend(&method, " of ", change.reverts());
        }
        table.AddRow({absl::StrCat(change.id()), Time(change.time()),
                      Who(change), method, change.resource(),
                      absl::StrCat(change.records_size())});
      }
      table.Print(ctx.out, "no recorded changes");
    });
  });
}

// "ok", or what PRAGMA integrity_check says of the SQLite file at `path`.
std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  std::string result = "cannot open it as a SQLite database";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
      SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    } else {
      result = sqlite3_errmsg(db);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return result;
}

// Streams the backup into a new file beside `path`, checks it, and renames
// it to `path`: `path` is either the old file or a whole, checked backup.
absl::Status WriteBackup(Connection& conn, const std::string& path,
                         std::ostream& out) {
  std::string temp = path + ".partial-XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) {
    return absl::NotFoundError(
        absl::StrCat("cannot write ", path, ": ", strerror(errno)));
  }
  int64_t written = 0, total = -1;
  absl::Status status =
      conn.ReadBackup([&](const vita::v1::BackupChunk& chunk) -> absl::Status {
        if (chunk.offset() != written) {
          return absl::DataLossError("the backup arrived out of order");
        }
        total = chunk.total_size();
        const std::string& data = chunk.data();
        for (size_t done = 0; done < data.size();) {
          ssize_t n = write(fd, data.data() + done, data.size() - done);
          if (n < 0) {
            return absl::InternalError(
                absl::StrCat("cannot write ", temp, ": ", strerror(errno)));
          }
          done += n;
        }
        written += data.size();
        return absl::OkStatus();
      });
  if (status.ok() && written != total) {
    status = absl::DataLossError(absl::StrCat(
        "the backup ended after ", written, " of ", total, " bytes"));
  }
  if (status.ok() && fsync(fd) != 0) {
    status = absl::InternalError(
        absl::StrCat("cannot write ", temp, ": ", strerror(errno)));
  }
  close(fd);
  if (status.ok()) {
    std::string check = IntegrityCheck(temp);
    if (check != "ok") {
      status = absl::DataLossError(
          absl::StrCat("the backup fails PRAGMA integrity_check: ", check));
    }
  }
  if (status.ok() && rename(temp.c_str(), path.c_str()) != 0) {
    status = absl::InternalError(
        absl::StrCat("cannot write ", path, ": ", strerror(errno)));
  }
  if (!status.ok()) {
    unlink(temp.c_str());
    return status;
  }
  std::string dir = path.substr(0, path.rfind('/') + 1);
  int dir_fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir_fd >= 0) {
    fsync(dir_fd);  // the rename itself survives a crash
    close(dir_fd);
  }
  out << "backup written to " << path << " (" << written
      << " bytes, integrity_check ok)\n";
  return absl::OkStatus();
}

void AddBackup(CLI::App& app, Context& ctx) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = AddCommand(
      &app, "backup",
      "Write an online backup of the server's whole database to FILE (admin "
      "only): a consistent snapshot taken while the server keeps serving, "
      "written atomically and checked with SQLite's integrity_check; "
      "`vita-server --db FILE` serves it as it is",
      {"vita backup /var/backups/vita-$(date +%F).db",
       "vita-server --db /var/backups/vita-2026-01-01.db"});
  cmd->add_option("FILE", *file, "The backup file to write (replaced)")
      ->required();
  SetAction(cmd, ctx, [&ctx, file]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(Connection * conn, ctx.connection());
    return WriteBackup(*conn, *file, ctx.out);
  });
}

}  // namespace

void AddHistoryCommands(CLI::App& app, Context& context) {
  AddHistory(app, context);
  AddRestore(app, context);
  AddUndo(app, context);
  AddAudit(app, context);
  AddBackup(app, context);
}

}  // namespace vita::cli
