#include "server/domain/record_steps.h"

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "google/protobuf/util/time_util.h"

namespace vita::domain {
namespace {

// A fresh id for a record created without one: 12 characters, starting
// with a letter; 36^11 choices make a collision within a profile negligible.
std::string GenerateId() {
  static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyz";
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  absl::BitGen bits;
  std::string id(1, kLetters[absl::Uniform(bits, 0u, 26u)]);
  for (int i = 0; i < 11; ++i) id += kChars[absl::Uniform(bits, 0u, 36u)];
  return id;
}

}  // namespace

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      absl::ToUnixNanos(time));
}

std::string Serialize(const google::protobuf::Message& record) {
  std::string body;
  record.SerializeToString(&body);
  return body;
}

absl::Status ProfileNotFound(absl::string_view profile_id) {
  return absl::NotFoundError(
      absl::StrCat("profile \"", ProfileName(profile_id), "\" not found"));
}

absl::Status ProfileAlreadyExists(absl::string_view profile_id) {
  return absl::AlreadyExistsError(
      absl::StrCat("profile \"", ProfileName(profile_id), "\" already exists"));
}

absl::Status CheckProfileExists(store::Transaction& txn,
                                const std::string& profile_id) {
  VITA_ASSIGN_OR_RETURN(std::optional<store::ProfileRow> row,
                        txn.GetProfile(profile_id));
  if (!row) return ProfileNotFound(profile_id);
  return absl::OkStatus();
}

absl::StatusOr<std::string> FreeId(store::Transaction& txn,
                                   store::Collection collection,
                                   const std::string& profile_id,
                                   const std::string& base) {
  if (base.empty()) return GenerateId();
  for (int n = 1; n < 10; ++n) {
    std::string id = n == 1 ? base : absl::StrCat(base, "-", n);
    VITA_ASSIGN_OR_RETURN(std::optional<store::ItemRow> taken,
                          txn.GetItem(collection, profile_id, id));
    if (!taken) return id;
  }
  return GenerateId();
}

absl::Status StaleEtag(absl::string_view noun, absl::string_view name,
                       absl::string_view sent, absl::string_view current) {
  return absl::AbortedError(absl::StrCat(
      noun, " \"", name, "\" was changed since it was read (etag \"",
      absl::CHexEscape(sent), "\", now \"", current,
      "\"); get it again and retry"));
}

absl::Status RecordTraits<v1::Publication>::CheckUnique(
    store::Transaction& txn, const std::string& profile_id,
    const std::string& id, const v1::Publication& publication) {
  if (publication.citation_key().empty() && publication.doi().empty() &&
      publication.arxiv_id().empty()) {
    return absl::OkStatus();
  }
  VITA_ASSIGN_OR_RETURN(
      std::vector<store::ItemRow> rows,
      txn.ListItems(kCollection, profile_id, std::nullopt, -1));
  for (const store::ItemRow& row : rows) {
    if (row.id == id) continue;
    VITA_ASSIGN_OR_RETURN(v1::Publication other,
                          Parse<v1::Publication>(row.body, kNoun));
    // Each key a publication is found by, with the value `other` has.
    for (const auto& [field, mine, theirs] :
         {std::tuple<const char*, std::string, std::string>{
              "citation_key", publication.citation_key(), other.citation_key()},
          {"doi", absl::AsciiStrToLower(publication.doi()),
           absl::AsciiStrToLower(other.doi())},
          {"arxiv_id", publication.arxiv_id(), other.arxiv_id()}}) {
      if (!mine.empty() && mine == theirs) {
        return absl::AlreadyExistsError(
            absl::StrCat("publication.", field, ": \"", mine,
                         "\" is already used by ", other.name()));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace vita::domain
