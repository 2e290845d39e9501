#include "server/domain/page_cache.h"

#include <utility>

namespace vita::domain {

std::shared_ptr<const CachedPage> CachedPage::Make(v1::Page page) {
  return std::shared_ptr<const CachedPage>(new CachedPage(std::move(page)));
}

CachedPage::CachedPage(v1::Page page)
    : page_(std::move(page)), serialized_(page_.SerializeAsString()) {}

uint64_t PageCache::Generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

std::shared_ptr<const CachedPage> PageCache::Find(
    const std::string& profile_id) const {
  absl::MutexLock lock(&mu_);
  auto it = pages_.find(profile_id);
  return it == pages_.end() ? nullptr : it->second;
}

void PageCache::Insert(const std::string& profile_id,
                       std::shared_ptr<const CachedPage> page,
                       uint64_t generation) {
  absl::MutexLock lock(&mu_);
  if (generation != generation_) return;
  auto it = pages_.find(profile_id);
  if (it != pages_.end()) {
    bytes_ -= it->second->serialized().size();
    pages_.erase(it);
  }
  if (pages_.size() >= kMaxPages ||
      bytes_ + page->serialized().size() > kMaxBytes) {
    pages_.clear();
    bytes_ = 0;
  }
  bytes_ += page->serialized().size();
  pages_[profile_id] = std::move(page);
}

void PageCache::Invalidate(const std::string& profile_id) {
  absl::MutexLock lock(&mu_);
  ++generation_;
  auto it = pages_.find(profile_id);
  if (it == pages_.end()) return;
  bytes_ -= it->second->serialized().size();
  pages_.erase(it);
}

}  // namespace vita::domain
