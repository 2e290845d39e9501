// server/domain/page_hand_over.h: one page covers every write that
// committed before it was read; a covered writer returns as soon as that
// page is handed over, not after a hand-over that starts later; a page that
// cannot be read is read again by the next writer. Real threads; the
// observer can hold a hand-over open, so that the steps are in a set order.
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
      hand_over_.Committed(profile_id);
      returned->Notify();
    });
  }

  // Waits until `n` writes of `profile_id` have reached the hand-over.
  void AwaitCommitted(const std::string& profile_id, uint64_t n) {
    while (hand_over_.committed(profile_id) < n) {
      absl::SleepFor(absl::Milliseconds(1));
    }
  }

  std::atomic<int> commits_{0};
  std::atomic<bool> readable_{true};
  HoldingObserver observer_;
  PageHandOver hand_over_{
      &observer_,
      [this](const std::string&)
          -> absl::StatusOr<std::shared_ptr<const v1::Page>> {
        if (!readable_) return absl::DataLossError("cannot parse");
        auto page = std::make_shared<v1::Page>();
        page->set_etag(absl::StrCat(commits_.load(), " commits"));
        return page;
      }};
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

}  // namespace
}  // namespace vita::domain
