// Publish on write, the domain's side (server/domain/page_observer.h): every
// committed write tells the observer the profile's new page, a delete tells
// it null, a refused write tells it nothing, and under concurrent writes
// each write returns only after a page that includes it was heard. A real store
// on a SQLite file.
#include "server/domain/page_observer.h"

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "server/domain/profile_service.h"
#include "sqlite3.h"
#include "tests/domain/profile_service_fixture.h"

namespace vita::domain {
namespace {

// Records what it hears: (profile id, display name and news count, or
// "deleted").
class RecordingObserver : public PageObserver {
 public:
  void PageChanged(absl::string_view profile_id,
                   std::shared_ptr<const v1::Page> page) override {
    absl::MutexLock lock(&mu_);
    heard_.push_back(
        absl::StrCat(profile_id, ": ",
                     page ? absl::StrCat(page->profile().display_name(), ", ",
                                         page->news_size(), " news")
                          : "deleted"));
    last_ = std::move(page);
  }
  void PageUnreadable(absl::string_view profile_id,
                      const absl::Status& status) override {
    absl::MutexLock lock(&mu_);
    heard_.push_back(
        absl::StrCat(profile_id, ": unreadable: ", status.ToString()));
  }
  std::vector<std::string> heard() {
    absl::MutexLock lock(&mu_);
    return heard_;
  }
  std::shared_ptr<const v1::Page> last() {
    absl::MutexLock lock(&mu_);
    return last_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> heard_;
  std::shared_ptr<const v1::Page> last_;
};

class PageObserverTest : public ProfileServiceFixture {
 protected:
  void SetUp() override {
    ProfileServiceFixture::SetUp();
    if (HasFatalFailure()) return;
    profiles_->SetPageObserver(&observer_);
  }

  absl::Status CreateProfile(const std::string& id, const std::string& name) {
    v1::CreateProfileRequest request;
    request.set_profile_id(id);
    request.mutable_profile()->set_display_name(name);
    return profiles_->CreateProfile(request, Caller::Admin()).status();
  }
  absl::Status AddNews(const std::string& id, int day) {
    v1::CreateNewsItemRequest request;
    request.set_parent("profiles/" + id);
    v1::NewsItem* item = request.mutable_news_item();
    item->mutable_date()->set_year(2025);
    item->mutable_date()->set_month(1);
    item->mutable_date()->set_day(1);
    item->set_text(absl::StrCat("Day ", day));
    return profiles_
        ->CreateItem(request.parent(), request.news_item_id(),
                     request.news_item(), Caller::Admin())
        .status();
  }

  RecordingObserver observer_;
};

TEST_F(PageObserverTest, HearsEveryCommittedWriteAndADeleteAsNull) {
  ASSERT_TRUE(CreateProfile("ada", "Ada").ok());
  ASSERT_TRUE(AddNews("ada", 1).ok());
  v1::DeleteProfileRequest remove;
  remove.set_name("profiles/ada");
  remove.set_force(true);
  ASSERT_TRUE(profiles_->DeleteProfile(remove, Caller::Admin()).ok());
  EXPECT_EQ(observer_.heard(),
            (std::vector<std::string>{"ada: Ada, 0 news", "ada: Ada, 1 news",
                                      "ada: deleted"}));
}

TEST_F(PageObserverTest, HearsNothingOfARefusedWrite) {
  ASSERT_TRUE(CreateProfile("ada", "Ada").ok());
  EXPECT_TRUE(absl::IsAlreadyExists(CreateProfile("ada", "Other")));
  EXPECT_TRUE(absl::IsNotFound(AddNews("nobody", 1)));
  EXPECT_EQ(observer_.heard(), (std::vector<std::string>{"ada: Ada, 0 news"}));
}

TEST_F(PageObserverTest, HearsAnImportedPage) {
  v1::ImportPageRequest request;
  request.mutable_page()->mutable_profile()->set_name("profiles/bob");
  request.mutable_page()->mutable_profile()->set_display_name("Bob");
  ASSERT_TRUE(profiles_->ImportPage(request, Caller::Admin()).ok());
  EXPECT_EQ(observer_.heard(), (std::vector<std::string>{"bob: Bob, 0 news"}));
}

// Concurrent writers may share one page (a page read after several commits
// covers them all), but each write returns only once the observer has heard
// a page that includes it: a client reads its own write.
TEST_F(PageObserverTest, EachWriteReturnsAfterThePageWithItWasHeard) {
  ASSERT_TRUE(CreateProfile("ada", "Ada").ok());
  auto heard_day = [this](int day) {
    std::shared_ptr<const v1::Page> last = observer_.last();
    if (last == nullptr) return false;
    for (const v1::NewsItem& item : last->news()) {
      if (item.text() == absl::StrCat("Day ", day)) return true;
    }
    return false;
  };
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        int day = t * 5 + i + 1;
        EXPECT_TRUE(AddNews("ada", day).ok());
        EXPECT_TRUE(heard_day(day)) << "day " << day << " returned unheard";
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  ASSERT_NE(observer_.last(), nullptr);
  EXPECT_EQ(observer_.last()->news_size(), 40);
  // One page for the profile's creation, then at most one per news item.
  EXPECT_GE(observer_.heard().size(), 2u);
  EXPECT_LE(observer_.heard().size(), 41u);
}

// Under concurrent writes of every kind (news added, edited, moved by a new
// date, deleted) and concurrent GetPage calls, the pages made from the cached
// one and the committed rows (PageCache) stay what a fresh read returns: the
// last page heard and the page GetPage returns end equal to the store's.
TEST_F(PageObserverTest, PagesUnderConcurrentWritesAndReadsAreFreshReads) {
  ASSERT_TRUE(CreateProfile("ada", "Ada").ok());
  std::atomic<bool> writing{true};
  std::vector<std::thread> threads;
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      v1::GetPageRequest get;
      get.set_name("profiles/ada");
      while (writing) {
        absl::StatusOr<std::shared_ptr<const v1::Page>> page =
            profiles_->GetPage(get);
        ASSERT_TRUE(page.ok()) << page.status();
        // What a cached page sends is the page it holds.
        absl::StatusOr<std::shared_ptr<const CachedPage>> cached =
            profiles_->GetCachedPage(get);
        ASSERT_TRUE(cached.ok()) << cached.status();
        EXPECT_EQ((*cached)->serialized(),
                  (*cached)->page().SerializeAsString());
      }
    });
  }
  std::vector<std::thread> writers;
  for (int t = 0; t < 6; ++t) {
    writers.emplace_back([&, t] {
      std::vector<std::string> mine;
      for (int i = 0; i < 12; ++i) {
        v1::NewsItem item;
        item.mutable_date()->set_year(2020 + (t + i) % 5);
        item.mutable_date()->set_month(1 + i % 12);
        item.set_text(absl::StrCat("Writer ", t, " item ", i));
        absl::StatusOr<v1::NewsItem> made =
            profiles_->CreateItem("profiles/ada", "", item, Caller::Admin());
        ASSERT_TRUE(made.ok()) << made.status();
        mine.push_back(made->name());
        if (i % 3 == 1) {
          v1::NewsItem moved;
          moved.set_name(mine[i - 1]);
          moved.mutable_date()->set_year(2019);
          moved.mutable_date()->set_month(1 + t);
          moved.set_text(absl::StrCat("Writer ", t, " moved ", i));
          google::protobuf::FieldMask mask;
          mask.add_paths("date");
          mask.add_paths("text");
          ASSERT_TRUE(profiles_->UpdateItem(moved, mask, Caller::Admin()).ok());
        }
        if (i % 4 == 3) {
          ASSERT_TRUE(
              profiles_->DeleteItem<v1::NewsItem>(mine[i - 2], Caller::Admin())
                  .ok());
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  writing = false;
  for (std::thread& thread : threads) thread.join();
  absl::StatusOr<v1::Page> fresh = profiles_->ReadPage("ada");
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->news_size(), 6 * (12 - 3));
  ASSERT_NE(observer_.last(), nullptr);
  EXPECT_EQ(observer_.last()->SerializeAsString(), fresh->SerializeAsString());
  v1::GetPageRequest get;
  get.set_name("profiles/ada");
  absl::StatusOr<std::shared_ptr<const v1::Page>> page =
      profiles_->GetPage(get);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ((*page)->SerializeAsString(), fresh->SerializeAsString());
}

// A page that cannot be read after a committed write (here a stored news
// item that no longer parses, as after disk corruption found at the next
// start, when no page is cached): the write stands, and the observer is
// told why, so that it can say so.
TEST_F(PageObserverTest, IsToldWhenThePageCannotBeReadAfterAWrite) {
  ASSERT_TRUE(CreateProfile("ada", "Ada").ok());
  ASSERT_TRUE(AddNews("ada", 1).ok());
  profiles_.reset();
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE news SET body = x'ff'", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  absl::StatusOr<std::unique_ptr<store::Store>> store =
      store::Store::Open(db_path_);
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
  profiles_ = std::make_unique<ProfileService>(store_.get(), Clock());
  profiles_->SetPageObserver(&observer_);
  EXPECT_TRUE(AddNews("ada", 2).ok());
  ASSERT_EQ(observer_.heard().size(), 3u);
  EXPECT_EQ(observer_.heard().back(),
            "ada: unreadable: DATA_LOSS: stored news item is corrupt");
}

}  // namespace
}  // namespace vita::domain
