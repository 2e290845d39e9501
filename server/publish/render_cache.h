// Memoizes what a profile's page is rendered from, record by record, so that
// a publish after a write renders only the records that changed: the
// canonical JSON of the profile, of each news item and of each publication,
// and the HTML (also as a JSON string) and plain text of each Markdown text
// of the document and the news feed, and the parts of the document and of
// the feed that a news item alone makes (Memoized). A page of 1,000 news
// items is then printed as JSON once, not on every write.
//
//   RenderCache cache;                         // one per profile
//   absl::StatusOr<std::string> json = cache.PageJson(page);
//   // *json == *publish::PageJson(page), byte for byte
//   std::string bio = cache.MarkdownToHtml(page.profile().bio());
//   cache.EndRound();  // after the publish: forget what it did not use
//
// Entries are keyed by what they are rendered from: a Markdown text by
// itself; a record by its type, name and etag, which the store sets to a
// digest of everything else in the record (record_keys.h ComputeEtag), so
// that a changed record misses and is printed afresh without being
// serialized and digested on every publish; a record without an etag by its
// type and the SHA-256 of its bytes. Every result therefore equals the
// uncached function's (page_document.h). An entry not used in a round
// (between two EndRound calls) is dropped at the EndRound that ends it, so
// the cache holds the entries of the last round and those new in this one.
//
// REQUIRES: two records of one type with the same name and a non-empty
// etag are equal (true of every record the store returns).
//
// Thread safety: none; one user at a time (a Publisher, under its mutex).
#ifndef VITA_SERVER_PUBLISH_RENDER_CACHE_H_
#define VITA_SERVER_PUBLISH_RENDER_CACHE_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::publish {

class RenderCache {
 public:
  // publish::PageJson(page), composed from the memoized JSON of the profile
  // and of each item. Errors: those of PageJson.
  absl::StatusOr<std::string> PageJson(const v1::Page& page);

  // publish::MarkdownToHtml(markdown), memoized. The reference is valid
  // until the next call of any method of this cache.
  const std::string& MarkdownToHtml(absl::string_view markdown);

  // JsonString(MarkdownToHtml(markdown)) (page_document.h): the HTML as a
  // JSON string literal, for the document's data block; memoized. The
  // reference is valid until the next call of any method of this cache.
  const std::string& MarkdownToHtmlJson(absl::string_view markdown);

  // publish::MarkdownToText(markdown) (a news item's feed title), memoized.
  // The reference is valid until the next call of any method of this cache.
  const std::string& MarkdownToText(absl::string_view markdown);

  // What `render` returns, memoized under `key`, which names what it renders
  // and everything the result is made from: "atom <page URL> <name> <etag>"
  // for a news feed's entry (feeds.cc), "data <name> <etag>" for a news
  // item's member of the document's data block (page_document.cc). The
  // reference is valid until the next call of any method of this cache.
  // REQUIRES: `render` does not call Memoized.
  const std::string& Memoized(absl::string_view key,
                              absl::FunctionRef<std::string()> render);

  // Ends a round: the entries not used since the previous call are dropped.
  void EndRound();

 private:
  // Values by key, each stamped with the last round that used it.
  class Memo {
   public:
    // The value of `key` (marked used in this round), or null. The pointer
    // is valid until the next Insert or EndRound.
    const std::string* Find(absl::string_view key);
    const std::string& Insert(std::string key, std::string value);
    // Drops the entries this round did not use and starts the next one.
    void EndRound();

   private:
    struct Entry {
      std::string value;
      uint64_t round;
    };
    absl::flat_hash_map<std::string, Entry> entries_;
    uint64_t round_ = 0;
  };

  // RecordJson(record) (page_document.h), memoized (see the keys above).
  // The pointer is valid until the next call of any method of this cache.
  template <typename Record>
  absl::StatusOr<const std::string*> RecordJson(const Record& record);

  Memo json_;
  Memo html_;
  Memo html_json_;
  Memo text_;
  Memo other_;  // Memoized
  // The key of the last record looked up (RecordJson), kept so that a
  // lookup does not allocate.
  std::string key_;
};

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_RENDER_CACHE_H_
