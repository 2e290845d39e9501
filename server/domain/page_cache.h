// Keeps the latest built page of each profile, so that GetPage, the call
// every page view makes, costs no database query while nothing changed.
// Each page is kept with its serialized bytes (a CachedPage, which makes them
// at the first GetPage that asks), so the gRPC layer can send them as they
// are: a cached GetPage neither copies nor serializes a message.
//
// A write does not throw the page away: the store hands every committed
// group of writes to Apply() (store.h, Store::AddCommitListener), and the
// next Find() makes the profile's page from the cached one and the rows the
// writes left, so the page read after a write (to publish it, or for the
// next GetPage) costs no database query either, however many items it has.
//
// Invariants:
//   1. A cached page equals what a fresh read would return, and its bytes
//      are that page serialized.
//   2. Every committed change reaches Apply() exactly once, in commit
//      order, before its write returns (the store's I8); Apply() queues it
//      for the page it holds (in that order), and Find() applies the queue
//      before it returns the page, so 1 holds for every page returned.
//   3. Apply() and Invalidate() count a generation; a page is inserted only
//      if no generation passed since its read began: a page read from a
//      snapshot that a write may have overtaken is never kept (it could
//      miss that write, or hold it and have it applied twice).
//   4. (Kept by the domain, relied on here.) Every item's stored sort key
//      is RecordTraits<Record>::SortKey of its record: every write stores
//      it so, and vita-server recomputes them at start
//      (ProfileService::RecomputeSortKeys). So an item is put in its place
//      by its record alone.
// This holds for writes made by this process; one vita-server owns its
// database file (store.h enforces it).
#ifndef VITA_SERVER_DOMAIN_PAGE_CACHE_H_
#define VITA_SERVER_DOMAIN_PAGE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "server/store/store.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::domain {

// A page and its wire form; immutable once made (but for its bytes, made
// once, when first asked for), shared by the cache and every call that
// sends it.
class CachedPage {
 public:
  static std::shared_ptr<const CachedPage> Make(v1::Page page);

  const v1::Page& page() const { return page_; }
  // `page()` serialized: what GetPage sends. Made at the first call (any
  // thread; the others wait for it), then kept.
  const std::string& serialized() const;
  // The size of serialized(), known without making it.
  size_t byte_size() const { return byte_size_; }

 private:
  friend class PageCache;  // Find takes over the page of one nobody shares
  explicit CachedPage(v1::Page page);
  // REQUIRES: byte_size == page.ByteSizeLong() (Find keeps it up to date
  // change by change).
  CachedPage(v1::Page page, size_t byte_size);
  v1::Page page_;
  size_t byte_size_;
  mutable absl::once_flag serialized_once_;
  mutable std::string serialized_;
};

class PageCache {
 public:
  // At most this many pages are kept, and at most about this many bytes of
  // serialized pages and of the rows waiting for them (a single larger page
  // is still kept, alone); past either, the cache starts over (or, for a
  // row, forgets the page it waits for).
  static constexpr size_t kMaxPages = 1000;
  static constexpr size_t kMaxBytes = 16 << 20;
  // At most this many changes wait for a page's next Find; past that, the
  // page is forgotten (a page no one reads does not hold its writes).
  static constexpr size_t kMaxPending = 256;

  // Take before reading a page; pass to Insert() with the page read.
  uint64_t Generation() const;
  // The cached page of `profile_id`, or null. If changes were applied to it
  // since it was last found, it is made first from the kept page (taken
  // over if no one else holds it, else copied) and the changed rows, with
  // its etag computed again; a page a change cannot be applied to (a row
  // that does not parse) is forgotten, and null returned (the next read
  // reports the row).
  std::shared_ptr<const CachedPage> Find(const std::string& profile_id);
  // Keeps `page` unless a generation passed since `generation`.
  void Insert(const std::string& profile_id,
              std::shared_ptr<const CachedPage> page, uint64_t generation);
  // Forgets the page of `profile_id`.
  void Invalidate(const std::string& profile_id);
  // Takes a committed group of changes (store::Store::AddCommitListener):
  // the rows of each kept page's profile wait for its next Find (a group of
  // writes is applied at once, to a page the publisher no longer holds), a
  // deleted profile's page is forgotten. Cheap: no page is made here.
  // REQUIRES: called with every committed change, in commit order
  // (invariant 2).
  void Apply(const std::vector<store::RowChange>& changes);

 private:
  struct Entry {
    std::shared_ptr<const CachedPage> page;
    // Changes committed after `page`, to apply at the next Find.
    std::vector<store::RowChange> pending;
    size_t pending_bytes;  // of their rows, counted in bytes_ too
  };
  using Pages = absl::flat_hash_map<std::string, Entry>;
  // Erases the entry `it`, and its bytes from bytes_.
  void Forget(Pages::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Drops every page if `page` would not fit beside them; counts it in.
  void MakeRoom(const CachedPage& page) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  // Of the serialized pages kept and of their pending rows.
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  Pages pages_ ABSL_GUARDED_BY(mu_);
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_PAGE_CACHE_H_
