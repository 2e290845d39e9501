#include "server/domain/page_cache.h"

#include <algorithm>
#include <atomic>
#include <tuple>
#include <utility>

#include "server/domain/record_keys.h"
#include "server/domain/record_steps.h"

namespace vita::domain {
namespace {

using store::ItemCursor;
using store::RowChange;

bool Before(const ItemCursor& a, const ItemCursor& b) {
  // SQLite's order of the lists (ORDER BY sort_key, id; BINARY collation):
  // std::string compares bytes as memcmp does.
  return std::tie(a.sort_key, a.id) < std::tie(b.sort_key, b.id);
}

// Puts `row` (parsed as a Record) in its place in `list` and `keys`,
// replacing the item of its id if there is one, or removes that item if
// `deleted`. False if the row's body does not parse.
template <typename Record>
bool Patch(const store::ItemRow& row, bool deleted,
           google::protobuf::RepeatedPtrField<Record>* list,
           std::vector<ItemCursor>* keys, absl::string_view noun) {
  auto same_id = [&](const ItemCursor& key) { return key.id == row.id; };
  auto found = std::find_if(keys->begin(), keys->end(), same_id);
  if (found != keys->end()) {
    int at = static_cast<int>(found - keys->begin());
    list->DeleteSubrange(at, 1);
    keys->erase(found);
  }
  if (deleted) return true;
  absl::StatusOr<Record> record = Parse<Record>(row.body, noun);
  if (!record.ok()) return false;
  ItemCursor key{row.sort_key, row.id};
  auto place = std::lower_bound(keys->begin(), keys->end(), key, Before);
  int at = static_cast<int>(place - keys->begin());
  keys->insert(place, std::move(key));
  *list->Add() = *std::move(record);
  std::rotate(list->pointer_begin() + at, list->pointer_end() - 1,
              list->pointer_end());
  return true;
}

}  // namespace

std::shared_ptr<const CachedPage> CachedPage::Make(v1::Page page, Keys keys) {
  return std::shared_ptr<const CachedPage>(
      new CachedPage(std::move(page), std::move(keys)));
}

CachedPage::CachedPage(v1::Page page, Keys keys)
    : page_(std::move(page)),
      keys_(std::move(keys)),
      byte_size_(page_.ByteSizeLong()) {}

const std::string& CachedPage::serialized() const {
  absl::call_once(serialized_once_,
                  [this] { serialized_ = page_.SerializeAsString(); });
  return serialized_;
}

uint64_t PageCache::Generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

std::shared_ptr<const CachedPage> PageCache::Find(
    const std::string& profile_id) {
  absl::MutexLock lock(&mu_);
  auto it = pages_.find(profile_id);
  if (it == pages_.end()) return nullptr;
  Entry& entry = it->second;
  if (entry.pending.empty()) return entry.page;
  v1::Page page;
  CachedPage::Keys keys;
  if (entry.page.use_count() == 1) {
    // No one else holds it, and no one can get it but through this mutex:
    // its page is taken over rather than copied. (use_count() is a relaxed
    // load: the fence orders the last holder's reads, before it released
    // its reference, before the moves below.)
    std::atomic_thread_fence(std::memory_order_acquire);
    std::shared_ptr<CachedPage> mine =
        std::const_pointer_cast<CachedPage>(entry.page);
    page = std::move(mine->page_);
    keys = std::move(mine->keys_);
  } else {
    page = entry.page->page();
    keys = entry.page->keys();
  }
  bool applied = true;
  for (const RowChange& change : entry.pending) {
    if (!change.collection) {
      absl::StatusOr<v1::Profile> profile =
          Parse<v1::Profile>(change.row.body, "profile");
      applied = profile.ok();
      if (applied) *page.mutable_profile() = *std::move(profile);
    } else if (*change.collection == Collection::kNews) {
      applied = Patch(change.row, change.deleted, page.mutable_news(),
                      &keys.news, "news item");
    } else {
      applied = Patch(change.row, change.deleted, page.mutable_publications(),
                      &keys.publications, "publication");
    }
    if (!applied) break;
  }
  Forget(it);
  if (!applied) return nullptr;
  page.set_etag(ComputePageEtag(page));
  std::shared_ptr<const CachedPage> made =
      CachedPage::Make(std::move(page), std::move(keys));
  MakeRoom(*made);
  pages_[profile_id] = Entry{made, {}, 0};
  return made;
}

void PageCache::Forget(Pages::iterator it) {
  bytes_ -= it->second.page->byte_size() + it->second.pending_bytes;
  pages_.erase(it);
}

void PageCache::MakeRoom(const CachedPage& page) {
  if (pages_.size() >= kMaxPages || bytes_ + page.byte_size() > kMaxBytes) {
    pages_.clear();
    bytes_ = 0;
  }
  bytes_ += page.byte_size();
}

void PageCache::Insert(const std::string& profile_id,
                       std::shared_ptr<const CachedPage> page,
                       uint64_t generation) {
  absl::MutexLock lock(&mu_);
  if (generation != generation_) return;  // invariant 3
  auto it = pages_.find(profile_id);
  if (it != pages_.end()) Forget(it);
  MakeRoom(*page);
  pages_[profile_id] = Entry{std::move(page), {}, 0};
}

void PageCache::Invalidate(const std::string& profile_id) {
  absl::MutexLock lock(&mu_);
  ++generation_;
  auto it = pages_.find(profile_id);
  if (it != pages_.end()) Forget(it);
}

void PageCache::Apply(const std::vector<RowChange>& changes) {
  absl::MutexLock lock(&mu_);
  ++generation_;  // invariant 3
  for (const RowChange& change : changes) {
    auto it = pages_.find(change.profile_id);
    if (it == pages_.end()) continue;  // the next read makes it
    const size_t size = change.row.id.size() + change.row.sort_key.size() +
                        change.row.body.size();
    if ((!change.collection && change.deleted) ||
        it->second.pending.size() >= kMaxPending || bytes_ + size > kMaxBytes) {
      // The profile is gone, and its page with it; or the page waits for
      // too much: the next read makes it afresh.
      Forget(it);
      continue;
    }
    it->second.pending.push_back(change);
    it->second.pending_bytes += size;
    bytes_ += size;
  }
}

}  // namespace vita::domain
