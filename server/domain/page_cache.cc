#include "server/domain/page_cache.h"

#include <utility>

namespace vita::domain {

uint64_t PageCache::Generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

std::shared_ptr<const v1::Page> PageCache::Find(
    const std::string& profile_id) const {
  absl::MutexLock lock(&mu_);
  auto it = pages_.find(profile_id);
  return it == pages_.end() ? nullptr : it->second;
}

void PageCache::Insert(const std::string& profile_id,
                       std::shared_ptr<const v1::Page> page,
                       uint64_t generation) {
  absl::MutexLock lock(&mu_);
  if (generation != generation_) return;
  if (pages_.size() >= kMaxPages) pages_.clear();
  pages_[profile_id] = std::move(page);
}

void PageCache::Invalidate(const std::string& profile_id) {
  absl::MutexLock lock(&mu_);
  ++generation_;
  pages_.erase(profile_id);
}

}  // namespace vita::domain
