// PageHandOver: hands a profile's page to the PageObserver after its writes
// commit, one page for as many writes as have committed, so that publishing
// a page of hundreds of items is paid once per group of concurrent writes
// rather than once per write.
//
//   PageHandOver hand_over(&observer, [&](const std::string& id) {
//     return ReadPageAfterTheCommit(id);  // null if the profile is gone
//   });
//   // In each write, after its transaction committed:
//   hand_over.Committed("ada");
//   // Returns once the observer has heard a page read after this commit.
//
// Each Committed call counts one commit of its profile. A writer whose
// commit no page has covered yet waits until no hand-over runs (one at a
// time, across all profiles), then reads the page and hands it over: the
// page covers every commit counted before the read. The writers of those
// commits return as soon as it has been handed over, without a read of
// their own, and without waiting for a hand-over that starts after it (with
// one mutex for the hand-over, a covered writer could queue behind the next
// one: at 8 concurrent writers a quarter of the pages then covered a single
// write).
//
// Gathering: when a profile's last page covered several commits (its
// writers are concurrent), the writer about to read the next one first
// waits, for at most `gather_at_most`, until every writer that page
// acknowledged may have committed again (as many commits as it covered,
// counted from its hand-over), so that one page covers them once they come
// back, rather than only those who happened to commit while it was made.
// Like a database's commit delay (PostgreSQL's commit_delay with
// commit_siblings), it trades a little latency for fewer pages: with 8
// callers a page then covers most of them, and a write costs vita-server
// ~40% less CPU (docs/performance-log.md, Writes by session, session 11).
// A lone writer (the last page covered one commit) never waits, and while a
// profile gathers, other profiles' pages are handed over.
//
// Invariants (per profile, under mu_):
//   1. observed <= committed.
//   2. The last page handed over was read after the first `observed`
//      commits of its profile: the count is taken after a commit, and read
//      before the page is.
//   3. Committed returns once observed >= its own count, or after the
//      observer was told that the page could not be read (PageUnreadable;
//      observed is then unchanged, so the next writer reads it again).
//   4. At most one writer of a profile gathers, and none of its pages is
//      read meanwhile; a gather ends with gather_until 0, so the next read
//      of the profile follows it without another.
//   5. gather_until is 0, or the count of commits when the last page was
//      handed over plus the commits it newly covered (more than one): its
//      writers return after that count is taken, so only their next writes
//      and those of other writers can reach it, whichever writer gathers.
//
// Thread safety: Committed may be called from any number of threads. The
// observer's calls are serialized (page_observer.h).
#ifndef VITA_SERVER_DOMAIN_PAGE_HAND_OVER_H_
#define VITA_SERVER_DOMAIN_PAGE_HAND_OVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/domain/page_observer.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::domain {

// How long a writer gathers at most (see the file comment). Long enough for
// a caller acknowledged by the last page to send its next write over
// loopback (bench/writes.sh: ~0.5-1 ms); short beside a person's wait.
inline constexpr absl::Duration kGatherAtMost = absl::Milliseconds(3);

class PageHandOver {
 public:
  // Reads a profile's page: null if the profile does not exist (deleted).
  using ReadPage =
      std::function<absl::StatusOr<std::shared_ptr<const v1::Page>>(
          const std::string& profile_id)>;

  // REQUIRES: `observer` outlives this object; `read` is thread-safe and
  // sees every commit that happened before it is called.
  PageHandOver(PageObserver* observer, ReadPage read,
               absl::Duration gather_at_most = kGatherAtMost);
  PageHandOver(const PageHandOver&) = delete;
  PageHandOver& operator=(const PageHandOver&) = delete;

  // Called after a write of `profile_id` committed. Returns once the
  // observer has heard a page read after this commit (PageChanged; null if
  // the profile is gone), or has been told it could not be read
  // (PageUnreadable). A writer that reads the page may first gather, for at
  // most `gather_at_most` (see the file comment).
  void Committed(const std::string& profile_id);

  // How many Committed calls of `profile_id` have been counted (tests wait
  // for it to know that writers are waiting).
  uint64_t committed(const std::string& profile_id);

 private:
  struct Counts {
    uint64_t committed = 0;  // Committed calls counted
    uint64_t observed = 0;   // commits the last page handed over covers
    // The count of commits the next page's reader gathers for (4., 5.).
    uint64_t gather_until = 0;
    bool gathering = false;  // a writer of this profile gathers (4.)
  };

  PageObserver* const observer_;
  const ReadPage read_;
  const absl::Duration gather_at_most_;
  absl::Mutex mu_;
  // A hand-over runs (of any profile); it reads and hands over without
  // holding mu_.
  bool handing_over_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<std::string, Counts> counts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace vita::domain

#endif  // VITA_SERVER_DOMAIN_PAGE_HAND_OVER_H_
