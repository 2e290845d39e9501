// Tests of domain::HistoryService and the change log every write of
// domain::ProfileService records (server/domain/history_service.cc,
// server/store/history.cc), on a real store with a clock the test moves.
#include "server/domain/history_service.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/history_retention.h"
#include "server/store/sqlite_connection.h"
#include "tests/domain/profile_service_fixture.h"
#include "tests/support/server_process.h"

namespace vita::domain {
namespace {

using ::testing::ElementsAre;

const Caller kAnn{"ann-token", "ann's laptop"};

class HistoryServiceTest : public ProfileServiceFixture {
 protected:
  void SetUp() override {
    ProfileServiceFixture::SetUp();
    history_ = std::make_unique<HistoryService>(store_.get(), profiles_.get());
  }
  ProfileService::Clock Clock() override {
    return [this] { return Now(); };
  }

  absl::Time Now() {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

  void CreateProfile(const std::string& id, const std::string& display_name,
                     const Caller& caller = Caller::Admin()) {
    v1::CreateProfileRequest request;
    request.set_profile_id(id);
    request.mutable_profile()->set_display_name(display_name);
    ASSERT_TRUE(profiles_->CreateProfile(request, caller).ok());
  }
  void SetHeadline(const std::string& id, const std::string& headline,
                   const Caller& caller = Caller::Admin()) {
    v1::UpdateProfileRequest request;
    request.mutable_profile()->set_name("profiles/" + id);
    request.mutable_profile()->set_headline(headline);
    request.mutable_update_mask()->add_paths("headline");
    auto updated = profiles_->UpdateProfile(request, caller);
    ASSERT_TRUE(updated.ok()) << updated.status();
  }
  void AddNews(const std::string& profile, const std::string& id,
               const std::string& text) {
    v1::CreateNewsItemRequest request;
    request.set_parent("profiles/" + profile);
    request.set_news_item_id(id);
    request.mutable_news_item()->mutable_date()->set_year(2024);
    request.mutable_news_item()->mutable_date()->set_month(3);
    request.mutable_news_item()->set_text(text);
    auto created =
        profiles_->CreateItem(request.parent(), request.news_item_id(),
                              request.news_item(), Caller::Admin());
    ASSERT_TRUE(created.ok()) << created.status();
  }
  // The page GetPage returns, which must be what a fresh read of the store
  // returns: restores and undos keep the cached page current too.
  absl::StatusOr<v1::Page> Page(const std::string& id) {
    v1::GetPageRequest request;
    request.set_name("profiles/" + id);
    auto page = profiles_->GetPage(request);
    if (!page.ok()) return page.status();
    absl::StatusOr<v1::Page> fresh = profiles_->ReadPage(id);
    EXPECT_TRUE(fresh.ok()) << fresh.status();
    if (fresh.ok()) {
      EXPECT_EQ((*page)->SerializeAsString(), fresh->SerializeAsString());
    }
    return **page;
  }
  v1::ListRevisionsResponse Revisions(const std::string& name) {
    v1::ListRevisionsRequest request;
    request.set_name(name);
    auto listed = history_->ListRevisions(request);
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? *listed : v1::ListRevisionsResponse();
  }
  absl::StatusOr<v1::Change> Restore(const std::string& name, int64_t version,
                                     const std::string& etag,
                                     bool force = false) {
    v1::RestoreRevisionRequest request;
    request.set_name(name);
    request.set_version(version);
    request.set_etag(etag);
    request.set_force(force);
    return history_->RestoreRevision(request, Caller::Admin());
  }
  int64_t Count(const std::string& table) {
    int64_t n = -1;
    EXPECT_TRUE(store_
                    ->Read([&](store::Transaction& txn) -> absl::Status {
                      auto stmt = txn.connection().Prepare(
                          "SELECT count(*) FROM " + table);
                      if (!stmt.ok()) return stmt.status();
                      auto row = stmt->Step();
                      if (!row.ok()) return row.status();
                      n = stmt->ColumnInt(0);
                      return absl::OkStatus();
                    })
                    .ok());
    return n;
  }

  absl::Mutex mu_;
  absl::Time now_ = absl::FromUnixSeconds(1767225600);  // 2026-01-01
  std::unique_ptr<HistoryService> history_;
};

TEST_F(HistoryServiceTest, EveryWriteIsAChangeWithWhoWhenMethodAndFields) {
  CreateProfile("ann", "Ann", kAnn);
  Advance(absl::Minutes(1));
  SetHeadline("ann", "Ph.D. student", kAnn);
  Advance(absl::Minutes(1));
  SetHeadline("ann", "Ph.D. student", kAnn);  // changes nothing: no change

  v1::ListRevisionsResponse listed = Revisions("profiles/ann");
  ASSERT_EQ(listed.revisions_size(), 2);
  EXPECT_EQ(listed.etag(), "v2");
  const v1::Revision& newest = listed.revisions(0);
  EXPECT_EQ(newest.version(), 2);
  EXPECT_EQ(newest.kind(), v1::Revision::UPDATED);
  EXPECT_THAT(newest.changed_fields(), ElementsAre("headline"));
  EXPECT_EQ(newest.change().method(), "UpdateProfile");
  EXPECT_EQ(newest.change().resource(), "profiles/ann");
  EXPECT_EQ(newest.change().token_id(), "ann-token");
  EXPECT_EQ(newest.change().token_label(), "ann's laptop");
  EXPECT_EQ(newest.change().time().seconds(), 1767225600 + 60);
  const v1::Revision& first = listed.revisions(1);
  EXPECT_EQ(first.kind(), v1::Revision::CREATED);
  EXPECT_EQ(first.change().method(), "CreateProfile");
  EXPECT_THAT(first.changed_fields(),
              ElementsAre("name", "display_name", "create_time"));

  v1::GetRevisionRequest get;
  get.set_name("profiles/ann");
  get.set_version(1);
  auto revision = history_->GetRevision(get);
  ASSERT_TRUE(revision.ok()) << revision.status();
  EXPECT_EQ(revision->profile().display_name(), "Ann");
  EXPECT_EQ(revision->profile().headline(), "");
  EXPECT_EQ(Count("changes"), 2);
}

TEST_F(HistoryServiceTest, ForcedProfileDeleteIsRestoredWholeWithItsItems) {
  CreateProfile("ann", "Ann");
  AddNews("ann", "n1", "First news.");
  AddNews("ann", "n2", "Second news.");
  SetHeadline("ann", "Professor");
  v1::DeleteProfileRequest remove;
  remove.set_name("profiles/ann");
  remove.set_force(true);
  ASSERT_TRUE(profiles_->DeleteProfile(remove, Caller::Admin()).ok());
  ASSERT_TRUE(absl::IsNotFound(Page("ann").status()));

  v1::ListRevisionsResponse listed = Revisions("profiles/ann");
  ASSERT_EQ(listed.revisions_size(), 3);
  EXPECT_EQ(listed.revisions(0).kind(), v1::Revision::DELETED);
  EXPECT_EQ(listed.revisions(0).change().method(), "DeleteProfile");
  EXPECT_EQ(Revisions("profiles/ann/news/n1").revisions(0).kind(),
            v1::Revision::DELETED);

  absl::StatusOr<v1::Change> change = Restore("profiles/ann", 2, "v3");
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->method(), "RestoreRevision");
  EXPECT_THAT(change->records(),
              ElementsAre("profiles/ann", "profiles/ann/news/n1",
                          "profiles/ann/news/n2"));
  absl::StatusOr<v1::Page> page = Page("ann");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->profile().headline(), "Professor");
  ASSERT_EQ(page->news_size(), 2);
  EXPECT_EQ(page->news(0).text(), "First news.");
  EXPECT_EQ(page->news(1).text(), "Second news.");
  EXPECT_EQ(Revisions("profiles/ann").revisions(0).kind(),
            v1::Revision::CREATED);
}

TEST_F(HistoryServiceTest, RestoreOverANewerChangeIsAbortedUnlessForced) {
  CreateProfile("ann", "Ann");
  SetHeadline("ann", "Student");
  std::string etag = Revisions("profiles/ann").etag();  // "v2"
  SetHeadline("ann", "Professor");  // another client, meanwhile

  absl::StatusOr<v1::Change> stale = Restore("profiles/ann", 1, etag);
  EXPECT_TRUE(absl::IsAborted(stale.status())) << stale.status();
  EXPECT_EQ(stale.status().message(),
            "profiles/ann changed since etag \"v2\": its newest version is 3 "
            "(etag \"v3\"); look at its history again, or set force");
  EXPECT_EQ(Page("ann")->profile().headline(), "Professor");
  EXPECT_TRUE(absl::IsInvalidArgument(Restore("profiles/ann", 1, "").status()));

  ASSERT_TRUE(Restore("profiles/ann", 1, etag, /*force=*/true).ok());
  EXPECT_EQ(Page("ann")->profile().headline(), "");
  // The record's own etag works as well as the history's.
  std::string record_etag = Page("ann")->profile().etag();
  ASSERT_TRUE(Restore("profiles/ann", 3, record_etag).ok());
  EXPECT_EQ(Page("ann")->profile().headline(), "Professor");
}

TEST_F(HistoryServiceTest, UndoRevertsTheCallersLastWriteOnly) {
  v1::ImportPageRequest import;
  v1::Page& page = *import.mutable_page();
  page.mutable_profile()->set_name("profiles/bob");
  page.mutable_profile()->set_display_name("Bob");
  v1::NewsItem* news = page.add_news();
  news->set_name("profiles/bob/news/n1");
  news->mutable_date()->set_year(2024);
  news->set_text("Hello.");
  ASSERT_TRUE(profiles_->ImportPage(import, kAnn).ok());
  CreateProfile("carl", "Carl");  // by the admin, later

  auto undone = history_->Undo(v1::UndoRequest(), kAnn);
  ASSERT_TRUE(undone.ok()) << undone.status();
  EXPECT_EQ(undone->reverted().method(), "ImportPage");
  EXPECT_EQ(undone->reverted().resource(), "profiles/bob");
  EXPECT_EQ(undone->change().method(), "Undo");
  EXPECT_EQ(undone->change().reverts(), undone->reverted().id());
  EXPECT_TRUE(absl::IsNotFound(Page("bob").status()));
  EXPECT_TRUE(Page("carl").ok());
  // Nothing of ann's is left to undo; the undo itself is not undone.
  EXPECT_TRUE(absl::IsNotFound(history_->Undo({}, kAnn).status()));
  // And the import is still in the history: it can be restored.
  ASSERT_TRUE(Restore("profiles/bob", 1, "v2").ok());
  EXPECT_EQ(Page("bob")->news_size(), 1);
}

TEST_F(HistoryServiceTest, UndoOfARecordChangedSinceIsAbortedUnlessForced) {
  CreateProfile("ann", "Ann", kAnn);
  SetHeadline("ann", "Student", kAnn);
  SetHeadline("ann", "Professor");  // the admin, after ann
  auto refused = history_->Undo({}, kAnn);
  EXPECT_TRUE(absl::IsAborted(refused.status())) << refused.status();
  EXPECT_EQ(Page("ann")->profile().headline(), "Professor");
  v1::UndoRequest force;
  force.set_force(true);
  ASSERT_TRUE(history_->Undo(force, kAnn).ok());
  EXPECT_EQ(Page("ann")->profile().headline(), "");
}

TEST_F(HistoryServiceTest, RetentionPrunesByCountAndByAge) {
  CreateProfile("ann", "Ann");
  for (int i = 0; i < 6; ++i) SetHeadline("ann", "h" + std::to_string(i));
  ASSERT_EQ(Revisions("profiles/ann").revisions_size(), 7);

  RetentionPolicy policy;
  policy.max_versions = 3;
  policy.max_age = absl::Hours(24 * 30);
  policy.batch = 2;  // several transactions
  HistoryRetention retention(store_.get(), policy, [this] { return Now(); });
  auto pruned = retention.PruneOnce();
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_EQ(*pruned, 4);
  v1::ListRevisionsResponse listed = Revisions("profiles/ann");
  // Versions 7, 6, 5 and, from version 5's previous body, version 4.
  ASSERT_EQ(listed.revisions_size(), 4);
  EXPECT_EQ(listed.revisions(0).version(), 7);
  EXPECT_EQ(listed.revisions(3).version(), 4);
  EXPECT_EQ(listed.revisions(3).kind(), v1::Revision::PRIOR);
  EXPECT_EQ(Count("changes"), 7);  // the audit trail is kept by age only

  Advance(absl::Hours(24 * 31));
  SetHeadline("ann", "new");
  pruned = retention.PruneOnce();
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_EQ(*pruned, 7);  // 7 changes; their 3 revisions go with them
  EXPECT_EQ(Count("changes"), 1);
  EXPECT_EQ(Revisions("profiles/ann").revisions_size(), 2);  // 8 and PRIOR
}

TEST_F(HistoryServiceTest, BackupIsAConsistentDatabaseOfTheSameRecords) {
  CreateProfile("ann", "Ann");
  AddNews("ann", "n1", "First news.");
  auto path = history_->Backup(vita::testing::MakeTempDir());
  ASSERT_TRUE(path.ok()) << path.status();
  profiles_.reset();
  history_.reset();
  auto copy = store::Store::Open(*path);
  ASSERT_TRUE(copy.ok()) << copy.status();
  ProfileService copied((*copy).get());
  v1::GetPageRequest get;
  get.set_name("profiles/ann");
  auto page = copied.GetPage(get);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ((*page)->profile().display_name(), "Ann");
  ASSERT_EQ((*page)->news_size(), 1);
  EXPECT_EQ((*page)->news(0).text(), "First news.");
}

}  // namespace
}  // namespace vita::domain
