// Keeps the latest built page of each profile, so that GetPage, the call
// every page view makes, costs no database query while nothing changed.
//
// Invariant: a cached page equals what a fresh read would return. Every
// write calls Invalidate() for its profile after it commits (or fails), and
// a page is stored only if no invalidation happened since its read began:
// a page read from a snapshot that a write has overtaken is never kept.
// This holds for writes made by this process; one vita-server owns its
// database file (store.h enforces it).
#ifndef VITA_SERVER_DOMAIN_PAGE_CACHE_H_
#define VITA_SERVER_DOMAIN_PAGE_CACHE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::domain {

class PageCache {
 public:
  // At most this many pages are kept; past it, the cache starts over.
  static constexpr size_t kMaxPages = 1000;

  // Take before reading a page; pass to Insert() with the page read.
  uint64_t Generation() const;
  // The cached page of `profile_id`, or null.
  std::shared_ptr<const v1::Page> Find(const std::string& profile_id) const;
  // Keeps `page` unless an invalidation happened since `generation`.
  void Insert(const std::string& profile_id,
              std::shared_ptr<const v1::Page> page, uint64_t generation);
  // Forgets the page of `profile_id`.
  void Invalidate(const std::string& profile_id);

 private:
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, std::shared_ptr<const v1::Page>> pages_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_PAGE_CACHE_H_
