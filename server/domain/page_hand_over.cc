#include "server/domain/page_hand_over.h"

#include <utility>

#include "absl/cleanup/cleanup.h"

namespace vita::domain {

PageHandOver::PageHandOver(PageObserver* observer, ReadPage read)
    : observer_(observer), read_(std::move(read)) {}

uint64_t PageHandOver::committed(const std::string& profile_id) {
  absl::MutexLock lock(&mu_);
  auto found = counts_.find(profile_id);
  return found == counts_.end() ? 0 : found->second.committed;
}

void PageHandOver::Committed(const std::string& profile_id) {
  uint64_t covered;
  {
    absl::MutexLock lock(&mu_);
    const uint64_t mine = ++counts_[profile_id].committed;
    // Counts are found again by key: another profile's insertion may move
    // them (flat_hash_map).
    auto covered_or_free = [this, &profile_id, mine]()
                               ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> bool {
      return counts_[profile_id].observed >= mine || !handing_over_;
    };
    mu_.Await(absl::Condition(&covered_or_free));
    Counts& counts = counts_[profile_id];
    if (counts.observed >= mine) return;  // a page read after mine went
    handing_over_ = true;
    covered = counts.committed;  // each of these has committed (2.)
  }
  bool handed_over = false;
  // Whatever happens below (an exception too), the next writer can lead.
  absl::Cleanup done = [&] {
    absl::MutexLock lock(&mu_);
    if (handed_over) counts_[profile_id].observed = covered;
    handing_over_ = false;
  };
  absl::StatusOr<std::shared_ptr<const v1::Page>> page = read_(profile_id);
  if (page.ok()) {
    observer_->PageChanged(profile_id, *page);
    handed_over = true;
  } else {
    // The write stands (page_observer.h); the observer says so, and the
    // next write or a restart hands it the page.
    observer_->PageUnreadable(profile_id, page.status());
  }
}

}  // namespace vita::domain
