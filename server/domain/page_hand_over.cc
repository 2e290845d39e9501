#include "server/domain/page_hand_over.h"

#include <utility>

#include "absl/cleanup/cleanup.h"

namespace vita::domain {

PageHandOver::PageHandOver(PageObserver* observer, ReadPage read,
                           absl::Duration gather_at_most)
    : observer_(observer),
      read_(std::move(read)),
      gather_at_most_(gather_at_most) {}

uint64_t PageHandOver::committed(const std::string& profile_id) {
  absl::MutexLock lock(&mu_);
  auto found = counts_.find(profile_id);
  return found == counts_.end() ? 0 : found->second.committed;
}

void PageHandOver::Committed(const std::string& profile_id) {
  uint64_t covered;
  uint64_t observed_before;
  {
    absl::MutexLock lock(&mu_);
    const uint64_t mine = ++counts_[profile_id].committed;
    // Counts are found again by key: another profile's insertion may move
    // them (flat_hash_map).
    auto covered_or_free = [this, &profile_id, mine]()
                               ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> bool {
      const Counts& counts = counts_.find(profile_id)->second;
      return counts.observed >= mine || (!counts.gathering && !handing_over_);
    };
    auto gathered = [this, &profile_id]()
                        ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> bool {
      const Counts& counts = counts_.find(profile_id)->second;
      return counts.committed >= counts.gather_until;
    };
    for (;;) {
      mu_.Await(absl::Condition(&covered_or_free));
      Counts& counts = counts_[profile_id];
      if (counts.observed >= mine) return;  // a page read after mine went
      if (gathered()) break;
      // Gathering (4.): no page of this profile is read meanwhile, since its
      // other writers wait for `gathering` to end; observed stays put.
      counts.gathering = true;
      mu_.AwaitWithTimeout(absl::Condition(&gathered), gather_at_most_);
      Counts& after = counts_[profile_id];
      after.gathering = false;
      after.gather_until = 0;
    }
    handing_over_ = true;
    Counts& counts = counts_[profile_id];
    covered = counts.committed;  // each of these has committed (2.)
    observed_before = counts.observed;
  }
  bool handed_over = false;
  // Whatever happens below (an exception too), the next writer can lead.
  absl::Cleanup done = [&] {
    absl::MutexLock lock(&mu_);
    if (handed_over) {
      Counts& counts = counts_[profile_id];
      counts.observed = covered;
      // Its writers return only once observed is set, so every commit
      // counted now came before they did (5.).
      const uint64_t acknowledged = covered - observed_before;
      counts.gather_until =
          acknowledged > 1 ? counts.committed + acknowledged : 0;
    }
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
