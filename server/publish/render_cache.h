// Memoizes what a profile's page is rendered from, record by record, so that
// a publish after a write renders only the records that changed: the
// canonical JSON of the profile, of each news item and of each publication,
// and the HTML (also as a JSON string) and plain text of each Markdown text
// of the document and the news feed. A page of 1,000 news
// items is then printed as JSON once, not on every write.
//
//   RenderCache cache;                         // one per profile
//   absl::StatusOr<std::string> json = cache.PageJson(page);
//   // *json == *publish::PageJson(page), byte for byte
//   std::string bio = cache.MarkdownToHtml(page.profile().bio());
//   cache.EndRound();  // after the publish: forget what it did not use
//
// Entries are keyed by what they are rendered from: a record's type and the
// SHA-256 of its serialized bytes, a Markdown text itself. A changed record
// therefore misses and is rendered afresh, and every result equals the
// uncached function's (page_document.h). An entry not used in a round
// (between two EndRound calls) is dropped at the next EndRound, so the cache
// holds at most two rounds' entries.
//
// Thread safety: none; one user at a time (a Publisher, under its mutex).
#ifndef VITA_SERVER_PUBLISH_RENDER_CACHE_H_
#define VITA_SERVER_PUBLISH_RENDER_CACHE_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::publish {

class RenderCache {
 public:
  // publish::PageJson(page), composed from the memoized JSON of the profile
  // and of each item. Errors: those of PageJson.
  absl::StatusOr<std::string> PageJson(const v1::Page& page);

  // publish::MarkdownToHtml(markdown), memoized.
  std::string MarkdownToHtml(absl::string_view markdown);

  // JsonString(MarkdownToHtml(markdown)) (page_document.h): the HTML as a
  // JSON string literal, for the document's data block; memoized. The
  // reference is valid until the next call of any method of this cache.
  const std::string& MarkdownToHtmlJson(absl::string_view markdown);

  // publish::MarkdownToText(markdown) (a news item's feed title), memoized.
  // The reference is valid until the next call of any method of this cache.
  const std::string& MarkdownToText(absl::string_view markdown);

  // Ends a round: the entries not used since the previous call are dropped.
  void EndRound();

 private:
  // Values by key, for this round and the one before.
  class TwoRounds {
   public:
    // The value of `key`, or null; a value of the round before is kept
    // for this one.
    const std::string* Find(const std::string& key);
    const std::string& Insert(std::string key, std::string value);
    void EndRound();

   private:
    absl::flat_hash_map<std::string, std::string> current_;
    absl::flat_hash_map<std::string, std::string> previous_;
  };

  // RecordJson(record) (page_document.h), memoized by its bytes.
  absl::StatusOr<std::string> RecordJson(
      const google::protobuf::Message& record);

  TwoRounds json_;
  TwoRounds html_;
  TwoRounds html_json_;
  TwoRounds text_;
};

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_RENDER_CACHE_H_
