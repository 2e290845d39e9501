#include "server/domain/history_retention.h"

#include <utility>

#include "common/status_macros.h"

namespace vita::domain {

HistoryRetention::HistoryRetention(store::Store* store, RetentionPolicy policy,
                                   Clock clock)
    : store_(store), policy_(policy), clock_(std::move(clock)) {}

HistoryRetention::~HistoryRetention() { Stop(); }

absl::StatusOr<int64_t> HistoryRetention::PruneOnce() {
  int64_t total = 0;
  int64_t cutoff = absl::ToUnixMicros(clock_() - policy_.max_age);
  // Each kind of pruning in batches, each batch its own transaction, until
  // a batch finds less than a full batch.
  for (bool by_age : {true, false}) {
    for (;;) {
      int64_t deleted = 0;
      VITA_RETURN_IF_ERROR(
          store_->Write([&](store::Transaction& txn) -> absl::Status {
            absl::StatusOr<int64_t> n =
                by_age ? txn.PruneChangesBefore(cutoff, policy_.batch)
                       : txn.PruneRevisionsBeyond(policy_.max_versions,
                                                  policy_.batch);
            if (!n.ok()) return n.status();
            deleted = *n;
            return absl::OkStatus();
          }));
      total += deleted;
      if (deleted < policy_.batch) break;
    }
  }
  return total;
}

void HistoryRetention::Start(
    std::function<void(absl::StatusOr<int64_t>)> on_pruned) {
  thread_ = std::thread([this, on_pruned = std::move(on_pruned)] {
    for (;;) {
      absl::StatusOr<int64_t> pruned = PruneOnce();
      if (on_pruned) on_pruned(pruned);
      absl::MutexLock lock(&mu_);
      auto stopping = [this]()
                          ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), policy_.interval)) {
        return;
      }
    }
  });
}

void HistoryRetention::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace vita::domain
