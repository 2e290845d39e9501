// server/domain/page_hand_over.h: one page covers every write that
// committed before it was read; a covered writer returns as soon as that
// page is handed over, not after a hand-over that starts later; a page that
// cannot be read is read again by the next writer; after a page covered
// several writes, the next is read once as many have committed, or when the
// gathering gives up. Real threads; the observer can hold a hand-over open,
// so that the steps are in a set order. The tests of the base protocol
// never gather (absl::ZeroDuration); those of gathering gather for 10 s, so
// that a gather ends by its commits, never by its time, unless it is wrong.
#include "server/domain/page_hand_over.h"

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace vita::domain {
namespace {

// Hears pages (their etag says how many commits the read saw), and holds
// each hand-over open until the test lets it go.
class HoldingObserver : public PageObserver {
 public:
  void PageChanged(absl::string_view profile_id,
                   std::shared_ptr<const v1::Page> page) override {
    Hear(absl::StrCat(profile_id, " after ", page->etag()));
  }
  void PageUnreadable(absl::string_view profile_id,
                      const absl::Status& status) override {
    Hear(absl::StrCat(profile_id, " unreadable"));
  }
  // Waits until `n` hand-overs have started.
  void AwaitStarted(int n) {
    absl::MutexLock lock(&mu_);
    auto started = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> bool {
      return started_ >= n;
    };
    ASSERT_TRUE(
        mu_.AwaitWithTimeout(absl::Condition(&started), absl::Seconds(10)))
        << "hand-over " << n << " never started";
  }
  // Lets the hand-overs started so far finish.
  void Release() {
    absl::MutexLock lock(&mu_);
    released_ = started_;
  }
  std::vector<std::string> heard() {
    absl::MutexLock lock(&mu_);
    return heard_;
  }

 private:
  void Hear(std::string what) {
    absl::MutexLock lock(&mu_);
    heard_.push_back(std::move(what));
    int mine = ++started_;
    auto go = [this, mine]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> bool {
      return released_ >= mine;
    };
    // Never held for good: a hand-over the test does not release fails it.
    if (!mu_.AwaitWithTimeout(absl::Condition(&go), absl::Seconds(10))) {
      ADD_FAILURE() << "hand-over " << mine << " (" << heard_.back()
                    << ") was never released";
    }
  }

  absl::Mutex mu_;
  int started_ = 0;
  int released_ = 0;
  std::vector<std::string> heard_;
};

class PageHandOverTest : public ::testing::Test {
 protected:
  // A "write": one more commit, then the hand-over; `returned` is notified
  // when Committed returns.
  std::thread Write(const std::string& profile_id,
                    absl::Notification* returned) {
    commits_.fetch_add(1);
    return std::thread([this, profile_id, returned] {
      used_->Committed(profile_id);
      returned->Notify();
    });
  }

  // Waits until `n` writes of `profile_id` have reached the hand-over.
  void AwaitCommitted(const std::string& profile_id, uint64_t n) {
    while (used_->committed(profile_id) < n) {
      absl::SleepFor(absl::Milliseconds(1));
    }
  }

  // Reads a page whose etag counts the commits so far.
  PageHandOver::ReadPage Reader() {
    return [this](const std::string&)
               -> absl::StatusOr<std::shared_ptr<const v1::Page>> {
      if (!readable_) return absl::DataLossError("cannot parse");
      auto page = std::make_shared<v1::Page>();
      page->set_etag(absl::StrCat(commits_.load(), " commits"));
      return page;
    };
  }

  // Two concurrent writes of `profile_id` after a first one, the second page
  // covering both: the profile's next page is gathered. Leaves 3 commits
  // and 2 hand-overs, all returned.
  void TwoConcurrentWritesAfterAFirst(const std::string& profile_id) {
    absl::Notification a, b, c;
    std::thread first = Write(profile_id, &a);
    observer_.AwaitStarted(1);
    std::thread second = Write(profile_id, &b);
    std::thread third = Write(profile_id, &c);
    AwaitCommitted(profile_id, 3);
    observer_.Release();
    observer_.AwaitStarted(2);
    observer_.Release();
    for (std::thread* t : {&first, &second, &third}) t->join();
    ASSERT_EQ(observer_.heard().back(),
              absl::StrCat(profile_id, " after 3 commits"));
  }

  std::atomic<int> commits_{0};
  std::atomic<bool> readable_{true};
  HoldingObserver observer_;
  PageHandOver hand_over_{&observer_, Reader(), absl::ZeroDuration()};
  PageHandOver* used_ = &hand_over_;  // by Write and AwaitCommitted
};

// The same, with a hand-over that gathers (for longer than any test waits).
class GatheringHandOverTest : public PageHandOverTest {
 protected:
  GatheringHandOverTest() { used_ = &gathering_; }
  PageHandOver gathering_{&observer_, Reader(), absl::Seconds(10)};
};

TEST_F(PageHandOverTest, OnePageCoversTheWritesThatCommittedBeforeItWasRead) {
  absl::Notification a, b, c;
  std::thread first = Write("ada", &a);
  observer_.AwaitStarted(1);  // the first write's page, held open
  std::thread second = Write("ada", &b);
  std::thread third = Write("ada", &c);
  AwaitCommitted("ada", 3);
  // Neither returns before a page read after its commit was handed over.
  EXPECT_FALSE(b.HasBeenNotified() || c.HasBeenNotified());
  observer_.Release();
  observer_.AwaitStarted(2);  // one page for both
  EXPECT_TRUE(a.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_FALSE(b.HasBeenNotified() || c.HasBeenNotified());
  observer_.Release();
  first.join();
  second.join();
  third.join();
  EXPECT_EQ(
      observer_.heard(),
      (std::vector<std::string>{"ada after 1 commits", "ada after 3 commits"}));
}

TEST_F(PageHandOverTest, ACoveredWriterDoesNotWaitForALaterHandOver) {
  absl::Notification a, b, c, d;
  std::thread first = Write("ada", &a);
  observer_.AwaitStarted(1);
  std::thread second = Write("ada", &b);
  std::thread third = Write("ada", &c);
  AwaitCommitted("ada", 3);
  observer_.Release();
  observer_.AwaitStarted(2);  // covers the second and third writes
  std::thread fourth = Write("bob", &d);
  AwaitCommitted("bob", 1);
  observer_.Release();
  // The fourth write's hand-over starts and is held open; the writers the
  // second page covered return meanwhile.
  observer_.AwaitStarted(3);
  EXPECT_TRUE(b.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_TRUE(c.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_FALSE(d.HasBeenNotified());
  observer_.Release();
  for (std::thread* t : {&first, &second, &third, &fourth}) t->join();
  EXPECT_EQ(observer_.heard().back(), "bob after 4 commits");
}

TEST_F(PageHandOverTest, APageThatCannotBeReadIsReadAgainByTheNextWriter) {
  readable_ = false;
  absl::Notification a, b;
  std::thread first = Write("ada", &a);
  observer_.AwaitStarted(1);
  observer_.Release();
  first.join();
  readable_ = true;
  std::thread second = Write("ada", &b);
  observer_.AwaitStarted(2);
  observer_.Release();
  second.join();
  EXPECT_EQ(observer_.heard(), (std::vector<std::string>{
                                   "ada unreadable", "ada after 2 commits"}));
}

// An observer that throws (bad_alloc in a publish, say): the write that
// led the hand-over sees the exception; the next write is handed over.
TEST(PageHandOver, AnObserverThatThrowsDoesNotStopTheNextWrites) {
  class Throwing : public PageObserver {
   public:
    void PageChanged(absl::string_view,
                     std::shared_ptr<const v1::Page>) override {
      if (calls_++ == 0) throw std::runtime_error("out of memory");
    }
    void PageUnreadable(absl::string_view, const absl::Status&) override {}
    std::atomic<int> calls_{0};
  } observer;
  PageHandOver hand_over(&observer, [](const std::string&) {
    return absl::StatusOr<std::shared_ptr<const v1::Page>>(
        std::make_shared<v1::Page>());
  });
  EXPECT_THROW(hand_over.Committed("ada"), std::runtime_error);
  absl::Notification returned;
  std::thread next([&] {
    hand_over.Committed("ada");
    returned.Notify();
  });
  EXPECT_TRUE(returned.WaitForNotificationWithTimeout(absl::Seconds(10)));
  if (!returned.HasBeenNotified())
    next.detach();
  else
    next.join();
  EXPECT_EQ(observer.calls_, 2);
}

TEST_F(PageHandOverTest, ABurstOfWritersSharesPagesAndTheLastSeesEveryCommit) {
  std::atomic<bool> stop{false};
  std::thread releaser([&] {  // nothing is held open in this test
    while (!stop) {
      observer_.Release();
      absl::SleepFor(absl::Microseconds(100));
    }
  });
  constexpr int kWriters = 40;
  std::vector<std::unique_ptr<absl::Notification>> returned;
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    returned.push_back(std::make_unique<absl::Notification>());
    writers.push_back(Write("ada", returned.back().get()));
  }
  for (std::thread& w : writers) w.join();
  stop = true;
  releaser.join();
  std::vector<std::string> heard = observer_.heard();
  ASSERT_FALSE(heard.empty());
  EXPECT_LE(heard.size(), static_cast<size_t>(kWriters));
  EXPECT_EQ(heard.back(), absl::StrCat("ada after ", kWriters, " commits"));
}

TEST_F(GatheringHandOverTest,
       AfterAPageCoveredTwoWritesTheNextIsReadOnceTwoMoreHaveCommitted) {
  ASSERT_NO_FATAL_FAILURE(TwoConcurrentWritesAfterAFirst("ada"));
  absl::Notification d, e;
  std::thread fourth = Write("ada", &d);
  AwaitCommitted("ada", 4);
  std::thread fifth = Write("ada", &e);
  observer_.AwaitStarted(3);
  observer_.Release();
  fourth.join();
  fifth.join();
  // Without gathering, the fourth write's page would have been read alone.
  EXPECT_EQ(observer_.heard(), (std::vector<std::string>{
                                   "ada after 1 commits", "ada after 3 commits",
                                   "ada after 5 commits"}));
}

TEST_F(GatheringHandOverTest, ALoneWriterNeverGathers) {
  for (int i = 1; i <= 3; ++i) {
    absl::Notification returned;
    std::thread write = Write("ada", &returned);
    observer_.AwaitStarted(i);  // gathering for ever, it would never start
    observer_.Release();
    write.join();
  }
  EXPECT_EQ(observer_.heard(), (std::vector<std::string>{
                                   "ada after 1 commits", "ada after 2 commits",
                                   "ada after 3 commits"}));
}

TEST_F(GatheringHandOverTest, AProfileThatGathersDoesNotHoldUpAnotherProfile) {
  ASSERT_NO_FATAL_FAILURE(TwoConcurrentWritesAfterAFirst("ada"));
  absl::Notification d, e, f;
  std::thread fourth = Write("ada", &d);  // gathers: ada expects two
  AwaitCommitted("ada", 4);
  std::thread bob = Write("bob", &e);
  observer_.AwaitStarted(3);  // bob's page, while ada gathers
  observer_.Release();
  EXPECT_TRUE(e.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_FALSE(d.HasBeenNotified());
  std::thread fifth = Write("ada", &f);
  observer_.AwaitStarted(4);
  observer_.Release();
  for (std::thread* t : {&fourth, &bob, &fifth}) t->join();
  EXPECT_EQ(
      observer_.heard(),
      (std::vector<std::string>{"ada after 1 commits", "ada after 3 commits",
                                "bob after 5 commits", "ada after 6 commits"}));
}

TEST_F(GatheringHandOverTest,
       AWriterHeldUpByAnotherProfileGathersOnlyForTheWritersStillAway) {
  ASSERT_NO_FATAL_FAILURE(TwoConcurrentWritesAfterAFirst("ada"));
  absl::Notification d, e, f;
  std::thread bob = Write("bob", &d);
  observer_.AwaitStarted(3);  // bob's page, held open
  // Both writers ada's last page acknowledged are back while bob's runs: the
  // one that reads ada's next page has no one left to gather.
  std::thread fourth = Write("ada", &e);
  std::thread fifth = Write("ada", &f);
  AwaitCommitted("ada", 5);
  observer_.Release();
  observer_.AwaitStarted(4);
  observer_.Release();
  for (std::thread* t : {&bob, &fourth, &fifth}) t->join();
  EXPECT_EQ(
      observer_.heard(),
      (std::vector<std::string>{"ada after 1 commits", "ada after 3 commits",
                                "bob after 4 commits", "ada after 6 commits"}));
}

// A guard: with fewer writers back than the last page covered, the gather
// ends by its time and the page is read (gathering for ever, it would not).
TEST_F(PageHandOverTest, AGatheringEndsAfterItsTimeWhenTooFewWritersComeBack) {
  PageHandOver brief(&observer_, Reader(), absl::Milliseconds(1));
  used_ = &brief;
  ASSERT_NO_FATAL_FAILURE(TwoConcurrentWritesAfterAFirst("ada"));
  absl::Notification returned;
  std::thread write = Write("ada", &returned);
  observer_.AwaitStarted(3);
  observer_.Release();
  write.join();
  EXPECT_EQ(observer_.heard(), (std::vector<std::string>{
                                   "ada after 1 commits", "ada after 3 commits",
                                   "ada after 4 commits"}));
}

}  // namespace
}  // namespace vita::domain
