#include "server/domain/history_service.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/resource_name.h"
#include "common/status_macros.h"
#include "google/protobuf/util/message_differencer.h"
#include "server/domain/page_token.h"
#include "server/domain/record_steps.h"
#include "server/domain/record_traits.h"

namespace vita::domain {
namespace {

using google::protobuf::Message;
using google::protobuf::util::MessageDifferencer;
using store::ChangeRow;
using store::ItemRow;
using store::ProfileRow;
using store::RevisionRow;
using store::Transaction;

// A record's resource name, parsed, with its canonical spelling.
struct RecordName {
  ResourceName parts;
  std::string name;
  bool is_profile() const { return !parts.collection.has_value(); }
};

absl::StatusOr<RecordName> ParseRecordName(absl::string_view name) {
  VITA_ASSIGN_OR_RETURN(ResourceName parts, ParseResourceName("name", name));
  std::string canonical =
      parts.collection
          ? ItemResourceName(*parts.collection, parts.profile_id, parts.id)
          : ProfileName(parts.profile_id);
  return RecordName{std::move(parts), std::move(canonical)};
}

// Calls `fn(Record{})` with the record type `name` names: v1::Profile,
// v1::NewsItem or v1::Publication.
template <typename Fn>
auto WithRecordType(const ResourceName& name, Fn fn) {
  if (!name.collection) return fn(v1::Profile());
  if (*name.collection == Collection::kNews) return fn(v1::NewsItem());
  return fn(v1::Publication());
}

void SetRecord(const v1::Profile& r, v1::Revision* out) {
  *out->mutable_profile() = r;
}
void SetRecord(const v1::NewsItem& r, v1::Revision* out) {
  *out->mutable_news_item() = r;
}
void SetRecord(const v1::Publication& r, v1::Revision* out) {
  *out->mutable_publication() = r;
}

// Collects the top-level fields that differ.
class TopLevelFields : public MessageDifferencer::Reporter {
 public:
  using SpecificField = MessageDifferencer::SpecificField;
  void ReportAdded(const Message&, const Message&,
                   const std::vector<SpecificField>& path) override {
    Add(path);
  }
  void ReportDeleted(const Message&, const Message&,
                     const std::vector<SpecificField>& path) override {
    Add(path);
  }
  void ReportModified(const Message&, const Message&,
                      const std::vector<SpecificField>& path) override {
    Add(path);
  }
  // In the order of the message's fields.
  std::vector<std::string> Names() {
    std::sort(fields_.begin(), fields_.end(),
              [](auto* a, auto* b) { return a->index() < b->index(); });
    std::vector<std::string> names;
    for (const auto* field : fields_) names.push_back(field->name());
    return names;
  }

 private:
  void Add(const std::vector<SpecificField>& path) {
    if (path.empty() || path[0].field == nullptr) return;
    if (std::find(fields_.begin(), fields_.end(), path[0].field) ==
        fields_.end()) {
      fields_.push_back(path[0].field);
    }
  }
  std::vector<const google::protobuf::FieldDescriptor*> fields_;
};

// The top-level fields in which `before` and `after` (bodies, missing when
// the record did not exist) differ, update_time and etag left out.
template <typename Record>
absl::StatusOr<std::vector<std::string>> ChangedFields(
    const std::optional<std::string>& before,
    const std::optional<std::string>& after) {
  if (!after) return std::vector<std::string>();
  Record old_record, new_record;
  if (before) {
    VITA_ASSIGN_OR_RETURN(old_record, Parse<Record>(*before, "revision"));
  }
  VITA_ASSIGN_OR_RETURN(new_record, Parse<Record>(*after, "revision"));
  TopLevelFields fields;
  MessageDifferencer differencer;
  differencer.set_report_matches(false);
  const auto* descriptor = Record::descriptor();
  differencer.IgnoreField(descriptor->FindFieldByName("update_time"));
  differencer.IgnoreField(descriptor->FindFieldByName("etag"));
  differencer.ReportDifferencesTo(&fields);
  differencer.Compare(old_record, new_record);
  return fields.Names();
}

google::protobuf::Timestamp MicrosToTimestamp(int64_t micros) {
  return ToTimestamp(absl::FromUnixMicros(micros));
}

v1::Change ToChange(const ChangeRow& row,
                    const std::vector<RevisionRow>& revisions) {
  v1::Change change;
  change.set_id(row.id);
  *change.mutable_time() = MicrosToTimestamp(row.time_micros);
  change.set_token_id(row.token_id);
  change.set_token_label(row.token_label);
  change.set_method(row.method);
  change.set_resource(row.resource);
  change.set_reverts(row.reverts);
  for (const RevisionRow& revision : revisions) {
    change.add_records(revision.resource);
  }
  return change;
}

absl::StatusOr<v1::Change> ReadChange(Transaction& txn, int64_t id) {
  VITA_ASSIGN_OR_RETURN(std::optional<ChangeRow> row, txn.GetChange(id));
  if (!row)
    return absl::NotFoundError(absl::StrCat("change ", id, " not found"));
  VITA_ASSIGN_OR_RETURN(std::vector<RevisionRow> revisions,
                        txn.RevisionsOfChange(id));
  return ToChange(*row, revisions);
}

// The revision `row` of `name` as the API shows it; with the record when
// `with_record`.
absl::StatusOr<v1::Revision> ToRevision(Transaction& txn,
                                        const RecordName& name,
                                        const RevisionRow& row,
                                        bool with_record) {
  v1::Revision revision;
  revision.set_name(name.name);
  revision.set_version(row.version);
  revision.set_kind(!row.after    ? v1::Revision::DELETED
                    : !row.before ? v1::Revision::CREATED
                                  : v1::Revision::UPDATED);
  VITA_ASSIGN_OR_RETURN(std::optional<ChangeRow> change,
                        txn.GetChange(row.change_id));
  if (change) *revision.mutable_change() = ToChange(*change, {});
  return WithRecordType(
      name.parts, [&](auto empty) -> absl::StatusOr<v1::Revision> {
        using Record = decltype(empty);
        VITA_ASSIGN_OR_RETURN(std::vector<std::string> fields,
                              ChangedFields<Record>(row.before, row.after));
        for (std::string& field : fields) {
          revision.add_changed_fields(std::move(field));
        }
        if (with_record && row.after) {
          VITA_ASSIGN_OR_RETURN(Record record,
                                Parse<Record>(*row.after, "revision"));
          SetRecord(record, &revision);
        }
        return revision;
      });
}

// The PRIOR revision: `name` as it was before `oldest`, version
// oldest.version - 1.
absl::StatusOr<v1::Revision> PriorRevision(const RecordName& name,
                                           const RevisionRow& oldest,
                                           bool with_record) {
  v1::Revision revision;
  revision.set_name(name.name);
  revision.set_version(oldest.version - 1);
  revision.set_kind(v1::Revision::PRIOR);
  if (!with_record) return revision;
  return WithRecordType(
      name.parts, [&](auto empty) -> absl::StatusOr<v1::Revision> {
        using Record = decltype(empty);
        VITA_ASSIGN_OR_RETURN(Record record,
                              Parse<Record>(*oldest.before, "revision"));
        SetRecord(record, &revision);
        return revision;
      });
}

// The body of `name` at `version`: the revision's `after`, or the next
// revision's `before` (a version older than the retained ones). NOT_FOUND
// if neither is retained; std::nullopt for a deletion.
absl::StatusOr<std::optional<std::string>> BodyAt(Transaction& txn,
                                                  const RecordName& name,
                                                  int64_t version) {
  VITA_ASSIGN_OR_RETURN(std::optional<RevisionRow> row,
                        txn.GetRevision(name.name, version));
  if (row) return row->after;
  VITA_ASSIGN_OR_RETURN(std::optional<RevisionRow> next,
                        txn.GetRevision(name.name, version + 1));
  if (next && next->before) return next->before;
  return absl::NotFoundError(
      absl::StrCat("version ", version, " of ", name.name,
                   " is not retained (see its history)"));
}

// The record's current body, if it exists.
absl::StatusOr<std::optional<std::string>> CurrentBody(
    Transaction& txn, const ResourceName& name) {
  if (!name.collection) {
    VITA_ASSIGN_OR_RETURN(std::optional<ProfileRow> row,
                          txn.GetProfile(name.profile_id));
    if (!row) return std::optional<std::string>();
    return std::move(row->body);
  }
  VITA_ASSIGN_OR_RETURN(
      std::optional<ItemRow> row,
      txn.GetItem(*name.collection, name.profile_id, name.id));
  if (!row) return std::optional<std::string>();
  return std::move(row->body);
}

// Makes the stored record `name` be `body` exactly (nullopt: deleted), as a
// change of the transaction: what Undo and the restore of a deleted
// profile's items do. `body` was stored before, so it is valid.
absl::Status PutBody(Transaction& txn, const ResourceName& name,
                     const std::optional<std::string>& body) {
  VITA_ASSIGN_OR_RETURN(std::optional<std::string> current,
                        CurrentBody(txn, name));
  if (!name.collection) {
    if (!body)
      return current ? txn.DeleteProfile(name.profile_id) : absl::OkStatus();
    ProfileRow row{name.profile_id, *body};
    return current ? txn.UpdateProfile(row) : txn.InsertProfile(row);
  }
  Collection collection = *name.collection;
  if (!body) {
    return current ? txn.DeleteItem(collection, name.profile_id, name.id)
                   : absl::OkStatus();
  }
  VITA_ASSIGN_OR_RETURN(
      std::string sort_key,
      WithRecordType(name, [&](auto empty) -> absl::StatusOr<std::string> {
        using Record = decltype(empty);
        if constexpr (std::is_same_v<Record, v1::Profile>) {
          return std::string();
        } else {
          VITA_ASSIGN_OR_RETURN(Record record,
                                Parse<Record>(*body, "revision"));
          return RecordTraits<Record>::SortKey(record);
        }
      }));
  ItemRow row{name.id, sort_key, *body};
  return current ? txn.UpdateItem(collection, name.profile_id, row)
                 : txn.InsertItem(collection, name.profile_id, row);
}

// Writes `target` (a body of `name` from its history) as the record's new
// version, stamped now. Nothing when the record already has that content.
template <typename Record>
absl::Status WriteRestored(Transaction& txn, const RecordName& name,
                           const std::string& target_body,
                           const std::optional<std::string>& current_body,
                           const google::protobuf::Timestamp& now) {
  using Traits = RecordTraits<Record>;
  VITA_ASSIGN_OR_RETURN(Record target, Parse<Record>(target_body, "revision"));
  target.DiscardUnknownFields();
  VITA_RETURN_IF_ERROR(Traits::Validate(Traits::kField, target));
  if (current_body) {
    VITA_ASSIGN_OR_RETURN(Record current,
                          Parse<Record>(*current_body, Traits::kNoun));
    if (!ChangedContent(current, target)) return absl::OkStatus();
  }
  Stamp(name.name, target.create_time(), now, &target);
  const std::string& profile_id = name.parts.profile_id;
  if constexpr (std::is_same_v<Record, v1::Profile>) {
    ProfileRow row{profile_id, Serialize(target)};
    return current_body ? txn.UpdateProfile(row) : txn.InsertProfile(row);
  } else {
    ItemRow row{name.parts.id, Traits::SortKey(target), Serialize(target)};
    if (current_body) {
      VITA_RETURN_IF_ERROR(
          Traits::CheckUnique(txn, profile_id, name.parts.id, target));
      return txn.UpdateItem(Traits::kCollection, profile_id, row);
    }
    absl::Status inserted = InsertItem(txn, profile_id, row, target);
    if (absl::IsNotFound(inserted)) {
      return absl::FailedPreconditionError(
          absl::StrCat(ProfileName(profile_id),
                       " does not exist: restore it first (vita "
                       "history ",
                       ProfileName(profile_id), ")"));
    }
    return inserted;
  }
}

// After a deleted profile came back: the items that the change which
// deleted it (`deletion`, the profile's newest revision) deleted too.
absl::Status RestoreDeletedItems(Transaction& txn, const RecordName& profile,
                                 const RevisionRow& deletion) {
  VITA_ASSIGN_OR_RETURN(std::vector<RevisionRow> revisions,
                        txn.RevisionsOfChange(deletion.change_id));
  std::string prefix = absl::StrCat(profile.name, "/");
  for (const RevisionRow& revision : revisions) {
    if (revision.after || !revision.before ||
        !absl::StartsWith(revision.resource, prefix)) {
      continue;
    }
    VITA_ASSIGN_OR_RETURN(ResourceName item,
                          ParseResourceName("revision", revision.resource));
    VITA_RETURN_IF_ERROR(PutBody(txn, item, revision.before));
  }
  return absl::OkStatus();
}

constexpr int kDefaultChangesPageSize = 100;
constexpr int kMaxChangesPageSize = 1000;

}  // namespace

HistoryService::HistoryService(store::Store* store, ProfileService* profiles)
    : store_(store), profiles_(profiles) {}

absl::StatusOr<v1::ListRevisionsResponse> HistoryService::ListRevisions(
    const v1::ListRevisionsRequest& request) {
  VITA_ASSIGN_OR_RETURN(RecordName name, ParseRecordName(request.name()));
  v1::ListRevisionsResponse response;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::vector<RevisionRow> rows,
                          txn.ListRevisions(name.name));
    if (rows.empty()) {
      VITA_ASSIGN_OR_RETURN(std::optional<std::string> current,
                            CurrentBody(txn, name.parts));
      if (!current) {
        return absl::NotFoundError(
            absl::StrCat(name.name, " not found, and it has no history"));
      }
    }
    for (const RevisionRow& row : rows) {
      VITA_ASSIGN_OR_RETURN(*response.add_revisions(),
                            ToRevision(txn, name, row, false));
    }
    if (!rows.empty() && rows.back().before) {
      VITA_ASSIGN_OR_RETURN(*response.add_revisions(),
                            PriorRevision(name, rows.back(), false));
    }
    response.set_etag(
        absl::StrCat("v", rows.empty() ? 0 : rows.front().version));
    return absl::OkStatus();
  }));
  return response;
}

absl::StatusOr<v1::Revision> HistoryService::GetRevision(
    const v1::GetRevisionRequest& request) {
  VITA_ASSIGN_OR_RETURN(RecordName name, ParseRecordName(request.name()));
  if (request.version() < 0) {
    return absl::InvalidArgumentError("version: must be 0 or more");
  }
  v1::Revision revision;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::optional<RevisionRow> row,
                          txn.GetRevision(name.name, request.version()));
    if (row) {
      VITA_ASSIGN_OR_RETURN(revision, ToRevision(txn, name, *row, true));
      return absl::OkStatus();
    }
    VITA_ASSIGN_OR_RETURN(std::optional<RevisionRow> next,
                          txn.GetRevision(name.name, request.version() + 1));
    if (!next || !next->before) {
      return absl::NotFoundError(
          absl::StrCat("version ", request.version(), " of ", name.name,
                       " is not retained (see its history)"));
    }
    VITA_ASSIGN_OR_RETURN(revision, PriorRevision(name, *next, true));
    return absl::OkStatus();
  }));
  return revision;
}

absl::StatusOr<v1::Change> HistoryService::RestoreRevision(
    const v1::RestoreRevisionRequest& request, const Caller& caller) {
  VITA_ASSIGN_OR_RETURN(RecordName name, ParseRecordName(request.name()));
  if (request.version() < 0) {
    return absl::InvalidArgumentError("version: must be 0 or more");
  }
  if (request.etag().empty() && !request.force()) {
    return absl::InvalidArgumentError(
        "etag: required unless force is set (ListRevisions returns it)");
  }
  google::protobuf::Timestamp now = ToTimestamp(profiles_->clock_());
  int64_t change_id = 0;
  VITA_RETURN_IF_ERROR(profiles_->WriteProfile(
      name.parts.profile_id, caller, "RestoreRevision", name.name,
      [&](Transaction& txn) -> absl::Status {
        VITA_ASSIGN_OR_RETURN(std::optional<std::string> target,
                              BodyAt(txn, name, request.version()));
        if (!target) {
          return absl::FailedPreconditionError(
              absl::StrCat("version ", request.version(), " of ", name.name,
                           " is its deletion; restore a version before it"));
        }
        VITA_ASSIGN_OR_RETURN(std::vector<RevisionRow> rows,
                              txn.ListRevisions(name.name));
        int64_t newest = rows.empty() ? 0 : rows.front().version;
        VITA_ASSIGN_OR_RETURN(std::optional<std::string> current,
                              CurrentBody(txn, name.parts));
        if (!request.force()) {
          bool fresh = request.etag() == absl::StrCat("v", newest);
          if (!fresh && current) {
            VITA_ASSIGN_OR_RETURN(
                bool same_record_etag,
                WithRecordType(
                    name.parts, [&](auto empty) -> absl::StatusOr<bool> {
                      using Record = decltype(empty);
                      VITA_ASSIGN_OR_RETURN(Record record,
                                            Parse<Record>(*current, "record"));
                      return record.etag() == request.etag();
                    }));
            fresh = same_record_etag;
          }
          if (!fresh) {
            return absl::AbortedError(absl::StrCat(
                name.name, " changed since etag \"", request.etag(),
                "\": its newest version is ", newest, " (etag \"v", newest,
                "\"); look at its history again, or set force"));
          }
        }
        VITA_RETURN_IF_ERROR(WithRecordType(name.parts, [&](auto empty) {
          using Record = decltype(empty);
          return WriteRestored<Record>(txn, name, *target, current, now);
        }));
        if (name.is_profile() && !current && !rows.empty() &&
            !rows.front().after) {
          VITA_RETURN_IF_ERROR(RestoreDeletedItems(txn, name, rows.front()));
        }
        change_id = txn.recorded_change().id;
        return absl::OkStatus();
      }));
  if (change_id == 0) return v1::Change();  // the record already was so
  return store_->ReadValue<v1::Change>(
      [&](Transaction& txn) { return ReadChange(txn, change_id); });
}

absl::StatusOr<v1::UndoResponse> HistoryService::Undo(
    const v1::UndoRequest& request, const Caller& caller) {
  std::optional<ChangeRow> last;
  std::vector<RevisionRow> revisions;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_ASSIGN_OR_RETURN(last, txn.LastUndoableChange(caller.token_id));
    if (!last) return absl::OkStatus();
    VITA_ASSIGN_OR_RETURN(revisions, txn.RevisionsOfChange(last->id));
    return absl::OkStatus();
  }));
  if (!last) {
    return absl::NotFoundError(absl::StrCat(
        "token \"", caller.token_id, "\" has made no change left to undo"));
  }
  if (revisions.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "change ", last->id, " (", last->method, " ", last->resource,
        ") is too old: its revisions were pruned"));
  }
  VITA_ASSIGN_OR_RETURN(
      ResourceName first,
      ParseResourceName("revision", revisions.front().resource));
  int64_t change_id = 0;
  VITA_RETURN_IF_ERROR(profiles_->WriteProfile(
      first.profile_id, caller, "Undo", last->resource,
      [&](Transaction& txn) -> absl::Status {
        VITA_ASSIGN_OR_RETURN(std::optional<ChangeRow> still,
                              txn.LastUndoableChange(caller.token_id));
        if (!still || still->id != last->id) {
          return absl::AbortedError(
              absl::StrCat("change ", last->id,
                           " was undone, or another change made with "
                           "the token, meanwhile; undo again"));
        }
        // Profiles come back before their items and go after them.
        std::vector<std::pair<ResourceName, const RevisionRow*>> steps;
        for (const RevisionRow& revision : revisions) {
          VITA_ASSIGN_OR_RETURN(
              std::optional<RevisionRow> newest,
              txn.GetRevision(revision.resource, revision.version + 1));
          if (newest && !request.force()) {
            return absl::AbortedError(absl::StrCat(
                revision.resource, " was changed again after change ", last->id,
                " (version ", newest->version,
                "); restore it with `vita restore`, or undo with force"));
          }
          VITA_ASSIGN_OR_RETURN(
              ResourceName parts,
              ParseResourceName("revision", revision.resource));
          steps.emplace_back(std::move(parts), &revision);
        }
        auto rank = [](const std::pair<ResourceName, const RevisionRow*>& s) {
          bool profile = !s.first.collection.has_value();
          if (profile && s.second->before) return 0;
          return profile ? 2 : 1;
        };
        std::stable_sort(
            steps.begin(), steps.end(),
            [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
        for (const auto& [parts, revision] : steps) {
          VITA_RETURN_IF_ERROR(PutBody(txn, parts, revision->before));
        }
        change_id = txn.recorded_change().id;
        return absl::OkStatus();
      },
      last->id));
  v1::UndoResponse response;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_ASSIGN_OR_RETURN(*response.mutable_reverted(),
                          ReadChange(txn, last->id));
    if (change_id != 0) {
      VITA_ASSIGN_OR_RETURN(*response.mutable_change(),
                            ReadChange(txn, change_id));
    }
    return absl::OkStatus();
  }));
  return response;
}

absl::StatusOr<v1::ListChangesResponse> HistoryService::ListChanges(
    const v1::ListChangesRequest& request) {
  if (request.page_size() < 0) {
    return absl::InvalidArgumentError("page_size: must be 0 or more");
  }
  int page_size = request.page_size() == 0
                      ? kDefaultChangesPageSize
                      : std::min(request.page_size(), kMaxChangesPageSize);
  int64_t before_id = 0;
  if (!request.page_token().empty() &&
      (!absl::SimpleAtoi(request.page_token(), &before_id) || before_id <= 0)) {
    return absl::InvalidArgumentError("page_token: not a token of ListChanges");
  }
  v1::ListChangesResponse response;
  VITA_RETURN_IF_ERROR(store_->Read([&](Transaction& txn) -> absl::Status {
    VITA_ASSIGN_OR_RETURN(std::vector<ChangeRow> rows,
                          txn.ListChanges(before_id, page_size + 1));
    for (int i = 0; i < static_cast<int>(rows.size()) && i < page_size; ++i) {
      VITA_ASSIGN_OR_RETURN(std::vector<RevisionRow> revisions,
                            txn.RevisionsOfChange(rows[i].id));
      *response.add_changes() = ToChange(rows[i], revisions);
    }
    if (static_cast<int>(rows.size()) > page_size) {
      response.set_next_page_token(absl::StrCat(rows[page_size - 1].id));
    }
    return absl::OkStatus();
  }));
  return response;
}

absl::StatusOr<std::string> HistoryService::Backup(const std::string& dir) {
  static std::atomic<int> counter{0};
  std::string path =
      absl::StrCat(dir, "/vita-backup-", getpid(), "-",
                   absl::ToUnixNanos(absl::Now()), "-", counter++, ".db");
  VITA_RETURN_IF_ERROR(store_->Backup(path));
  return path;
}

}  // namespace vita::domain
