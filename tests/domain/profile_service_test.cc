// Tests of domain::ProfileService (server/domain/profile_service*.cc,
// page_import.cc) on a real store (a SQLite file in a
// temporary directory): the rules the gRPC tests cannot reach directly.
#include "server/domain/profile_service.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "sqlite3.h"
#include "tests/domain/profile_service_fixture.h"
#include "tests/support/publication_request.h"
#include "tests/support/server_process.h"

namespace vita::domain {
namespace {

class ProfileServiceTest : public ProfileServiceFixture {
 protected:
  static v1::Page Demo() {
    std::ifstream in(vita::testing::SourceDir() +
                     "/deploy/demo/hexu-zhao.json");
    std::stringstream json;
    json << in.rdbuf();
    v1::Page page;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(json.str(), &page).ok());
    return page;
  }

  // Fails unless importing `page` is INVALID_ARGUMENT with exactly
  // `message`, and leaves no trace of the profile.
  void ExpectImportRefused(const v1::Page& page, const std::string& message) {
    absl::StatusOr<v1::Page> imported = Import(page);
    EXPECT_TRUE(absl::IsInvalidArgument(imported.status()))
        << imported.status();
    EXPECT_EQ(std::string(imported.status().message()), message);
    v1::GetPageRequest request;
    request.set_name(page.profile().name());
    EXPECT_TRUE(absl::IsNotFound(profiles_->GetPage(request).status()));
  }

  absl::StatusOr<v1::Page> Import(const v1::Page& page) {
    v1::ImportPageRequest request;
    *request.mutable_page() = page;
    return profiles_->ImportPage(request, Caller::Admin());
  }
};

TEST_F(ProfileServiceTest, SortKeysOfTheOldOrderRuleAreRecomputedAtStart) {
  ASSERT_TRUE(Import(Demo()).ok());
  v1::CreatePublicationRequest create = test_records::CreatePublicationRequest(
      "profiles/hexu-zhao", "Unpinned", "Hexu Zhao", 2020);
  create.set_publication_id("unpinned");
  ASSERT_TRUE(profiles_
                  ->CreateItem(create.parent(), create.publication_id(),
                               create.publication(), Caller::Admin())
                  .ok());
  // Keys as the old rule made them: display_order + 2^31, then 9999 - year,
  // which listed the unpinned (order 0) publication first.
  ASSERT_TRUE(store_
                  ->Write([](store::Transaction& txn) -> absl::Status {
                    auto rows = txn.ListItems(Collection::kPublications,
                                              "hexu-zhao", std::nullopt, -1);
                    if (!rows.ok()) return rows.status();
                    for (store::ItemRow& row : *rows) {
                      row.sort_key = row.id == "unpinned"
                                         ? "2147483648-7979"
                                         : "2147483649-" + row.id;
                      auto s = txn.UpdateItem(Collection::kPublications,
                                              "hexu-zhao", row);
                      if (!s.ok()) return s;
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  auto ids = [&] {
    v1::ListPublicationsRequest list;
    list.set_parent("profiles/hexu-zhao");
    std::string out;
    absl::StatusOr<v1::ListPublicationsResponse> listed =
        profiles_->ListItems<v1::Publication, v1::ListPublicationsResponse>(
            list.parent(), list.page_size(), list.page_token());
    EXPECT_TRUE(listed.ok()) << listed.status();
    for (const v1::Publication& p : listed->publications()) {
      out += p.name().substr(p.name().rfind('/') + 1) + " ";
    }
    return out;
  };
  ASSERT_EQ(ids().substr(0, 9), "unpinned ");
  absl::StatusOr<int> changed = profiles_->RecomputeSortKeys();
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(*changed, 5);
  EXPECT_EQ(ids(),
            "scaling-up-3dgs model-parallelism-communication "
            "fully-hyperbolic-nn doctor-in-the-loop-insulin unpinned ");
  EXPECT_EQ(*profiles_->RecomputeSortKeys(), 0);
}

// The page a write leaves in the cache (PageCache::Apply, from the rows the
// write committed) is the page a fresh read of the store returns, after
// every kind of write: news added, moved by a new date or a pin, edited and
// deleted; publications likewise; the profile edited; the profile deleted
// and imported again.
TEST_F(ProfileServiceTest, CachedPageAfterEveryKindOfWriteIsAFreshRead) {
  ASSERT_TRUE(Import(Demo()).ok());
  const std::string parent = "profiles/hexu-zhao";
  v1::GetPageRequest get;
  get.set_name(parent);
  auto expect_fresh = [&](const std::string& step) {
    absl::StatusOr<std::shared_ptr<const CachedPage>> cached =
        profiles_->GetCachedPage(get);
    ASSERT_TRUE(cached.ok()) << step << ": " << cached.status();
    absl::StatusOr<v1::Page> fresh = profiles_->ReadPage("hexu-zhao");
    ASSERT_TRUE(fresh.ok()) << step << ": " << fresh.status();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
        (*cached)->page(), *fresh))
        << step;
    EXPECT_EQ((*cached)->serialized(), fresh->SerializeAsString()) << step;
  };
  expect_fresh("imported");
  auto news = [](int year, int month, const std::string& text) {
    v1::NewsItem item;
    item.mutable_date()->set_year(year);
    item.mutable_date()->set_month(month);
    item.set_text(text);
    return item;
  };
  std::vector<std::string> names;
  for (int i = 0; i < 6; ++i) {
    absl::StatusOr<v1::NewsItem> made = profiles_->CreateItem(
        parent, "", news(2020 + i % 3, 1 + i, absl::StrCat("News ", i)),
        Caller::Admin());
    ASSERT_TRUE(made.ok()) << made.status();
    names.push_back(made->name());
    expect_fresh(absl::StrCat("news ", i, " added"));
  }
  google::protobuf::FieldMask mask;
  v1::NewsItem moved = news(2019, 5, "Moved back");
  moved.set_name(names[0]);
  mask.add_paths("date");
  mask.add_paths("text");
  ASSERT_TRUE(profiles_->UpdateItem(moved, mask, Caller::Admin()).ok());
  expect_fresh("news moved by its date");
  v1::NewsItem pinned;
  pinned.set_name(names[3]);
  pinned.set_pinned(true);
  mask.Clear();
  mask.add_paths("pinned");
  ASSERT_TRUE(profiles_->UpdateItem(pinned, mask, Caller::Admin()).ok());
  expect_fresh("news pinned");
  ASSERT_TRUE(
      profiles_->DeleteItem<v1::NewsItem>(names[4], Caller::Admin()).ok());
  expect_fresh("news deleted");
  v1::CreatePublicationRequest create = test_records::CreatePublicationRequest(
      parent, "A new paper", "Hexu Zhao", 2026);
  absl::StatusOr<v1::Publication> paper =
      profiles_->CreateItem(parent, "", create.publication(), Caller::Admin());
  ASSERT_TRUE(paper.ok()) << paper.status();
  expect_fresh("publication added");
  v1::Publication retitled;
  retitled.set_name(paper->name());
  retitled.set_title("A newer paper");
  mask.Clear();
  mask.add_paths("title");
  ASSERT_TRUE(profiles_->UpdateItem(retitled, mask, Caller::Admin()).ok());
  expect_fresh("publication edited");
  ASSERT_TRUE(
      profiles_->DeleteItem<v1::Publication>(paper->name(), Caller::Admin())
          .ok());
  expect_fresh("publication deleted");
  v1::UpdateProfileRequest update;
  update.mutable_profile()->set_name(parent);
  update.mutable_profile()->set_display_name("H. Zhao");
  update.mutable_update_mask()->add_paths("display_name");
  ASSERT_TRUE(profiles_->UpdateProfile(update, Caller::Admin()).ok());
  expect_fresh("profile edited");
  v1::DeleteProfileRequest remove;
  remove.set_name(parent);
  remove.set_force(true);
  ASSERT_TRUE(profiles_->DeleteProfile(remove, Caller::Admin()).ok());
  ASSERT_TRUE(Import(Demo()).ok());
  expect_fresh("deleted and imported again");
}

// After a write, the page is made from the cached one and the rows the
// write committed, without reading the store: a row changed behind the
// store's back (which a Store forbids: it owns its file) shows only once
// the page is read afresh.
TEST_F(ProfileServiceTest, PageAfterAWriteIsMadeWithoutReadingTheStore) {
  ASSERT_TRUE(Import(Demo()).ok());
  v1::GetPageRequest get;
  get.set_name("profiles/hexu-zhao");
  ASSERT_TRUE(profiles_->GetPage(get).ok());  // cached
  v1::Profile behind;
  behind.set_name("profiles/hexu-zhao");
  behind.set_display_name("Changed behind the store");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE profiles SET body = ?1", -1, &stmt,
                               nullptr),
            SQLITE_OK);
  const std::string body = behind.SerializeAsString();
  sqlite3_bind_blob(stmt, 1, body.data(), static_cast<int>(body.size()),
                    SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  v1::NewsItem item;
  item.mutable_date()->set_year(2026);
  item.mutable_date()->set_month(1);
  item.set_text("A write");
  ASSERT_TRUE(
      profiles_->CreateItem("profiles/hexu-zhao", "", item, Caller::Admin())
          .ok());
  absl::StatusOr<std::shared_ptr<const v1::Page>> page =
      profiles_->GetPage(get);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ((*page)->profile().display_name(), Demo().profile().display_name());
  EXPECT_EQ((*page)->news(0).text(), "A write");
  absl::StatusOr<v1::Page> fresh = profiles_->ReadPage("hexu-zhao");
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->profile().display_name(), "Changed behind the store");
}

// Each ProfileService on a store hears its commits (a listener each), also
// once another one on the same store is gone.
TEST_F(ProfileServiceTest, TwoProfileServicesOnOneStoreKeepTheirPagesCurrent) {
  ASSERT_TRUE(Import(Demo()).ok());
  v1::GetPageRequest get;
  get.set_name("profiles/hexu-zhao");
  auto other = std::make_unique<ProfileService>(store_.get(), Clock());
  ASSERT_TRUE(profiles_->GetPage(get).ok());  // both cached
  ASSERT_TRUE(other->GetPage(get).ok());
  v1::NewsItem item;
  item.mutable_date()->set_year(2026);
  item.mutable_date()->set_month(1);
  item.set_text("First");
  ASSERT_TRUE(
      profiles_->CreateItem("profiles/hexu-zhao", "", item, Caller::Admin())
          .ok());
  absl::StatusOr<std::shared_ptr<const v1::Page>> seen = other->GetPage(get);
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ((*seen)->news(0).text(), "First");
  other.reset();
  item.set_text("Second");
  ASSERT_TRUE(
      profiles_->CreateItem("profiles/hexu-zhao", "", item, Caller::Admin())
          .ok());
  seen = profiles_->GetPage(get);
  ASSERT_TRUE(seen.ok()) << seen.status();
  absl::StatusOr<v1::Page> fresh = profiles_->ReadPage("hexu-zhao");
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ((*seen)->SerializeAsString(), fresh->SerializeAsString());
  EXPECT_EQ(fresh->news_size(), Demo().news_size() + 2);
}

TEST_F(ProfileServiceTest, DoiAndArxivIdNameAtMostOnePublication) {
  ASSERT_TRUE(Import(Demo()).ok());
  struct Case {
    const char* field;
    const char* first;
    const char* second;  // the same identifier, as another client spells it
    const char* id;
    const char* message;
  } cases[] = {
      {"doi", "10.1000/Abc", "10.1000/aBC", "doi",
       "publication.doi: \"10.1000/abc\" is already used by "
       "profiles/hexu-zhao/publications/first-doi"},
      {"arxiv_id", "2406.00001", "2406.00001", "arxiv",
       "publication.arxiv_id: \"2406.00001\" is already used by "
       "profiles/hexu-zhao/publications/first-arxiv"},
  };
  for (const Case& c : cases) {
    v1::CreatePublicationRequest create =
        test_records::CreatePublicationRequest("profiles/hexu-zhao", "T",
                                               "Hexu Zhao", /*year=*/0);
    v1::Publication* p = create.mutable_publication();
    const auto* field = v1::Publication::descriptor()->FindFieldByName(c.field);
    p->GetReflection()->SetString(p, field, c.first);
    create.set_publication_id(absl::StrCat("first-", c.id));
    ASSERT_TRUE(profiles_
                    ->CreateItem(create.parent(), create.publication_id(),
                                 create.publication(), Caller::Admin())
                    .ok())
        << c.field;
    p->GetReflection()->SetString(p, field, c.second);
    create.set_publication_id(absl::StrCat("second-", c.id));
    absl::StatusOr<v1::Publication> second =
        profiles_->CreateItem(create.parent(), create.publication_id(),
                              create.publication(), Caller::Admin());
    EXPECT_TRUE(absl::IsAlreadyExists(second.status())) << second.status();
    EXPECT_EQ(second.status().message(), c.message);
  }
}

TEST_F(ProfileServiceTest, ImportKeepsEveryRecordInOrder) {
  v1::Page demo = Demo();
  absl::StatusOr<v1::Page> imported = Import(demo);
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_EQ(imported->publications_size(), demo.publications_size());
  for (int i = 0; i < demo.publications_size(); ++i) {
    EXPECT_EQ(imported->publications(i).title(), demo.publications(i).title());
  }
  EXPECT_TRUE(absl::IsAlreadyExists(Import(demo).status()));
}

TEST_F(ProfileServiceTest, ImportRefusesDuplicateIds) {
  v1::Page page = Demo();
  *page.add_news() = page.news(0);
  ExpectImportRefused(page, "news[1].name: the same as news[0].name");
}

TEST_F(ProfileServiceTest, ImportRefusesDuplicateCitationKeys) {
  v1::Page page = Demo();
  page.mutable_publications(0)->set_citation_key("zhao2024");
  page.mutable_publications(2)->set_citation_key("zhao2024");
  ExpectImportRefused(
      page,
      "publications[2].citation_key: the same as publications[0].citation_key");
}

TEST_F(ProfileServiceTest, ImportRefusesRecordsOfAnotherProfile) {
  v1::Page page = Demo();
  page.mutable_news(0)->set_name("profiles/someone-else/news/x");
  ExpectImportRefused(page, "news[0].name: must be under profiles/hexu-zhao");
}

TEST_F(ProfileServiceTest, ImportRefusesTimesBefore1970) {
  v1::Page page = Demo();
  page.mutable_news(0)->mutable_create_time()->set_seconds(-86400);
  ExpectImportRefused(
      page, "news[0].create_time: must be a time after 1970-01-01T00:00:00Z");
}

TEST_F(ProfileServiceTest, ImportRefusesUpdateBeforeCreate) {
  v1::Page page = Demo();
  page.mutable_profile()->mutable_create_time()->set_seconds(2000);
  page.mutable_profile()->mutable_update_time()->set_seconds(1000);
  ExpectImportRefused(page,
                      "profile.update_time: must not be before create_time");
}

TEST_F(ProfileServiceTest, ImportKeepsGivenTimes) {
  v1::Page page = Demo();
  page.mutable_news(0)->mutable_create_time()->set_seconds(1700000000);
  page.mutable_news(0)->mutable_update_time()->set_seconds(1700000001);
  auto imported = Import(page);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->news(0).create_time().seconds(), 1700000000);
  EXPECT_EQ(imported->news(0).update_time().seconds(), 1700000001);
}

// Fields a newer client sends that this build does not know are dropped,
// never stored unvalidated.
TEST_F(ProfileServiceTest, UnknownFieldsAreNotStored) {
  ASSERT_TRUE(Import(Demo()).ok());
  v1::CreateNewsItemRequest request;
  request.set_parent(Demo().profile().name());
  request.mutable_news_item()->mutable_date()->set_year(2025);
  request.mutable_news_item()->set_text("x");
  request.mutable_news_item()
      ->GetReflection()
      ->MutableUnknownFields(request.mutable_news_item())
      ->AddLengthDelimited(99, "javascript:alert(1)");
  auto created = profiles_->CreateItem(request.parent(), request.news_item_id(),
                                       request.news_item(), Caller::Admin());
  ASSERT_TRUE(created.ok()) << created.status();
  v1::GetNewsItemRequest get;
  get.set_name(created->name());
  auto stored = profiles_->GetItem<v1::NewsItem>(get.name());
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->GetReflection()->GetUnknownFields(*stored).field_count(),
            0);

  v1::UpdateNewsItemRequest update;
  *update.mutable_news_item() = *stored;
  update.mutable_news_item()
      ->GetReflection()
      ->MutableUnknownFields(update.mutable_news_item())
      ->AddVarint(98, 1);
  update.mutable_news_item()->set_text("y");
  update.mutable_update_mask()->add_paths("*");
  auto updated = profiles_->UpdateItem(update.news_item(), update.update_mask(),
                                       Caller::Admin());
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->GetReflection()->GetUnknownFields(*updated).field_count(),
            0);
}

TEST_F(ProfileServiceTest, NestedMaskToUnsetValueChangesNothing) {
  ASSERT_TRUE(Import(Demo()).ok());
  v1::CreateProfileRequest create;
  create.set_profile_id("ann");
  create.mutable_profile()->set_display_name("Ann");
  auto profile = profiles_->CreateProfile(create, Caller::Admin());
  ASSERT_TRUE(profile.ok());
  v1::UpdateProfileRequest update;
  update.mutable_profile()->set_name("profiles/ann");
  update.mutable_update_mask()->add_paths("office.map_url");
  auto updated = profiles_->UpdateProfile(update, Caller::Admin());
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_FALSE(updated->has_office());
  EXPECT_EQ(updated->etag(), profile->etag());
}

TEST_F(ProfileServiceTest, PageTokenOfNewsIsRefusedByPublications) {
  v1::Page page = Demo();
  *page.add_news() = page.news(0);
  page.mutable_news(1)->set_name(page.profile().name() + "/news/second");
  ASSERT_TRUE(Import(page).ok());
  v1::ListNewsItemsRequest news;
  news.set_parent(page.profile().name());
  news.set_page_size(1);
  auto first = profiles_->ListItems<v1::NewsItem, v1::ListNewsItemsResponse>(
      news.parent(), news.page_size(), news.page_token());
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token().empty());
  v1::ListPublicationsRequest publications;
  publications.set_parent(page.profile().name());
  publications.set_page_token(first->next_page_token());
  auto listed =
      profiles_->ListItems<v1::Publication, v1::ListPublicationsResponse>(
          publications.parent(), publications.page_size(),
          publications.page_token());
  EXPECT_TRUE(absl::IsInvalidArgument(listed.status())) << listed.status();
  EXPECT_EQ(std::string(listed.status().message()),
            "page_token: is not a next_page_token of a previous list of "
            "profiles/hexu-zhao/publications");
}

TEST_F(ProfileServiceTest, StaleEtagMessageEscapesWhatTheClientSent) {
  ASSERT_TRUE(Import(Demo()).ok());
  v1::UpdateProfileRequest update;
  update.mutable_profile()->set_name(Demo().profile().name());
  update.mutable_profile()->set_etag("bad\n\"etag");
  update.mutable_profile()->set_headline("x");
  auto updated = profiles_->UpdateProfile(update, Caller::Admin());
  EXPECT_TRUE(absl::IsAborted(updated.status()));
  v1::GetProfileRequest get;
  get.set_name(Demo().profile().name());
  auto current = profiles_->GetProfile(get);
  ASSERT_TRUE(current.ok()) << current.status();
  ASSERT_FALSE(current->etag().empty());
  // The sent etag is C-escaped: no raw line break or quote reaches a log.
  EXPECT_EQ(std::string(updated.status().message()),
            "profile \"profiles/hexu-zhao\" was changed since it was read "
            "(etag \"bad\\n\\\"etag\", now \"" +
                current->etag() + "\"); get it again and retry");
}

TEST_F(ProfileServiceTest, UpdateOfAMissingItemIsNotFoundByItsName) {
  ASSERT_TRUE(Import(Demo()).ok());
  v1::UpdatePublicationRequest update;
  update.mutable_publication()->set_name(
      "profiles/hexu-zhao/publications/ghost");
  update.mutable_publication()->set_venue("ICLR 2025");
  update.mutable_update_mask()->add_paths("venue");
  auto updated = profiles_->UpdateItem(update.publication(),
                                       update.update_mask(), Caller::Admin());
  EXPECT_EQ(updated.status(),
            absl::NotFoundError("publication "
                                "\"profiles/hexu-zhao/publications/ghost\" "
                                "not found"));
}

}  // namespace
}  // namespace vita::domain
