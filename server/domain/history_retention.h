// HistoryRetention: keeps the change log bounded. A revision is pruned once
// its record has `max_versions` newer ones; a change (with what is left of
// its revisions) once it is older than `max_age`. Pruning runs in small
// transactions (`batch` rows each), so a write waits at most for one batch.
//
// Example:
//
//   domain::HistoryRetention retention(store.get(), {.max_versions = 200});
//   retention.Start();  // prunes now, then every policy.interval
//   ...
//   retention.Stop();   // or let the destructor stop it
//
// Ownership: borrows the store, which must outlive it.
// Thread safety: PruneOnce() may run on any thread, also beside Start()'s
// thread; Start() and Stop() are for one owner thread.
#ifndef VITA_SERVER_DOMAIN_HISTORY_RETENTION_H_
#define VITA_SERVER_DOMAIN_HISTORY_RETENTION_H_

#include <cstdint>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/store/store.h"

namespace vita::domain {

struct RetentionPolicy {
  // Revisions kept per record (at least 1).
  int64_t max_versions = 200;
  // Changes older than this are pruned.
  absl::Duration max_age = absl::Hours(24 * 366);
  // How often the background thread prunes.
  absl::Duration interval = absl::Hours(1);
  // Rows per pruning transaction.
  int batch = 100;
};

class HistoryRetention {
 public:
  using Clock = std::function<absl::Time()>;

  // REQUIRES: `store` outlives this object; policy.max_versions >= 1,
  // policy.batch >= 1. `clock` must be thread-safe.
  HistoryRetention(store::Store* store, RetentionPolicy policy,
                   Clock clock = absl::Now);
  ~HistoryRetention();  // Stop()s
  HistoryRetention(const HistoryRetention&) = delete;
  HistoryRetention& operator=(const HistoryRetention&) = delete;

  // Prunes everything the policy allows, in transactions of `batch` rows;
  // returns the number of revisions and changes deleted.
  absl::StatusOr<int64_t> PruneOnce();

  // Starts the background thread: PruneOnce() now and every
  // policy.interval; failures are logged to stderr and tried again next
  // time. `on_pruned` (may be empty) hears each round's count.
  void Start(std::function<void(absl::StatusOr<int64_t>)> on_pruned = {});
  // Stops the thread, waiting for a running batch to end.
  void Stop();

 private:
  store::Store* const store_;
  const RetentionPolicy policy_;
  const Clock clock_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_HISTORY_RETENTION_H_
