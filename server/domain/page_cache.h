// Keeps the latest built page of each profile, so that GetPage, the call
// every page view makes, costs no database query while nothing changed.
// Each page is kept with its serialized bytes (a CachedPage), so the gRPC
// layer can send them as they are: a cached GetPage neither copies nor
// serializes a message.
//
// Invariant: a cached page equals what a fresh read would return, and its
// bytes are that page serialized. Every write calls Invalidate() for its
// profile after it commits (or fails), and a page is stored only if no
// invalidation happened since its read began: a page read from a snapshot
// that a write has overtaken is never kept. This holds for writes made by
// this process; one vita-server owns its database file (store.h enforces
// it).
#ifndef VITA_SERVER_DOMAIN_PAGE_CACHE_H_
#define VITA_SERVER_DOMAIN_PAGE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::domain {

// A page and its wire form; immutable once made, shared by the cache and
// every call that sends it.
class CachedPage {
 public:
  // Serializes `page` once.
  static std::shared_ptr<const CachedPage> Make(v1::Page page);

  const v1::Page& page() const { return page_; }
  // `page()` serialized: what GetPage sends.
  const std::string& serialized() const { return serialized_; }

 private:
  explicit CachedPage(v1::Page page);
  const v1::Page page_;
  const std::string serialized_;
};

class PageCache {
 public:
  // At most this many pages are kept, and at most about this many bytes of
  // serialized pages (a single larger page is still kept, alone); past
  // either, the cache starts over.
  static constexpr size_t kMaxPages = 1000;
  static constexpr size_t kMaxBytes = 16 << 20;

  // Take before reading a page; pass to Insert() with the page read.
  uint64_t Generation() const;
  // The cached page of `profile_id`, or null.
  std::shared_ptr<const CachedPage> Find(const std::string& profile_id) const;
  // Keeps `page` unless an invalidation happened since `generation`.
  void Insert(const std::string& profile_id,
              std::shared_ptr<const CachedPage> page, uint64_t generation);
  // Forgets the page of `profile_id`.
  void Invalidate(const std::string& profile_id);

 private:
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;  // of the serialized pages kept
  absl::flat_hash_map<std::string, std::shared_ptr<const CachedPage>> pages_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_PAGE_CACHE_H_
