#include "server/domain/page_cache.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <utility>

#include "common/resource_name.h"
#include "google/protobuf/io/coded_stream.h"
#include "server/domain/record_keys.h"
#include "server/domain/record_steps.h"
#include "server/domain/record_traits.h"

namespace vita::domain {
namespace {

using store::RowChange;

// What a message adds to its page's serialized size as one of the page's
// fields (numbers 1 to 15: a one-byte tag), or a string field if not empty.
int64_t FieldBytes(const google::protobuf::MessageLite& message) {
  size_t size = message.ByteSizeLong();
  return 1 + google::protobuf::io::CodedOutputStream::VarintSize64(size) + size;
}
int64_t FieldBytes(const std::string& value) {
  if (value.empty()) return 0;
  return 1 +
         google::protobuf::io::CodedOutputStream::VarintSize64(value.size()) +
         value.size();
}

// Puts `change.row` (parsed as a Record) in its place in `list`, replacing
// the item of its id if there is one, or removes that item if
// `change.deleted`; adds what that changes in the page's serialized size to
// `*size`. An item's place is SQLite's order of the list (ORDER BY
// sort_key, id; BINARY collation, which std::string's comparison follows),
// by the sort key RecordTraits gives each record: the one every write
// stores (invariant 4). False if the row's body does not parse.
template <typename Record>
bool Patch(const RowChange& change,
           google::protobuf::RepeatedPtrField<Record>* list, int64_t* size) {
  using Traits = RecordTraits<Record>;
  const store::ItemRow& row = change.row;
  // An item inserted has no older version to drop (the changes are applied
  // in commit order), so a page of a thousand items is not searched for it.
  if (!change.inserted) {
    for (int i = 0; i < list->size(); ++i) {
      if (ItemIdOf(list->Get(i).name()) == row.id) {
        *size -= FieldBytes(list->Get(i));
        list->DeleteSubrange(i, 1);
        break;
      }
    }
  }
  if (change.deleted) return true;
  absl::StatusOr<Record> record = Parse<Record>(row.body, Traits::kNoun);
  if (!record.ok()) return false;
  const std::string key = Traits::SortKey(*record);
  // The first item that comes after the new one.
  int low = 0, high = list->size();
  while (low < high) {
    int mid = low + (high - low) / 2;
    const Record& other = list->Get(mid);
    const std::string other_key = Traits::SortKey(other);
    if (std::make_pair(absl::string_view(other_key), ItemIdOf(other.name())) <
        std::make_pair(absl::string_view(key), absl::string_view(row.id))) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  *size += FieldBytes(*record);
  *list->Add() = *std::move(record);
  std::rotate(list->pointer_begin() + low, list->pointer_end() - 1,
              list->pointer_end());
  return true;
}

}  // namespace

std::shared_ptr<const CachedPage> CachedPage::Make(v1::Page page) {
  return std::shared_ptr<const CachedPage>(new CachedPage(std::move(page)));
}

CachedPage::CachedPage(v1::Page page)
    : page_(std::move(page)), byte_size_(page_.ByteSizeLong()) {}

CachedPage::CachedPage(v1::Page page, size_t byte_size)
    : page_(std::move(page)), byte_size_(byte_size) {}

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
  // The new page's serialized size, kept up to date change by change rather
  // than counted again over every item.
  int64_t size = static_cast<int64_t>(entry.page->byte_size());
  v1::Page page;
  if (entry.page.use_count() == 1) {
    // No one else holds it, and no one can get it but through this mutex:
    // its page is taken over rather than copied. (use_count() is a relaxed
    // load: the fence orders the last holder's reads, before it released
    // its reference, before the moves below.)
    std::atomic_thread_fence(std::memory_order_acquire);
    std::shared_ptr<CachedPage> mine =
        std::const_pointer_cast<CachedPage>(entry.page);
    page = std::move(mine->page_);
  } else {
    page = entry.page->page();
  }
  bool applied = true;
  for (const RowChange& change : entry.pending) {
    if (!change.collection) {
      absl::StatusOr<v1::Profile> profile =
          Parse<v1::Profile>(change.row.body, "profile");
      applied = profile.ok();
      if (applied) {
        if (page.has_profile()) size -= FieldBytes(page.profile());
        size += FieldBytes(*profile);
        *page.mutable_profile() = *std::move(profile);
      }
    } else if (*change.collection == Collection::kNews) {
      applied = Patch(change, page.mutable_news(), &size);
    } else {
      applied = Patch(change, page.mutable_publications(), &size);
    }
    if (!applied) break;
  }
  Forget(it);
  if (!applied) return nullptr;
  size -= FieldBytes(page.etag());
  page.set_etag(ComputePageEtag(page));
  size += FieldBytes(page.etag());
  std::shared_ptr<const CachedPage> made(
      new CachedPage(std::move(page), static_cast<size_t>(size)));
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
