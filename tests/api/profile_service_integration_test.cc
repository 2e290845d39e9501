// Tests of server/api/profile_service.cc and the domain behind it, through
// real gRPC calls to a real vita-server on a loopback port.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/api/integration_test_base.h"
#include "tests/support/grpc_status_is.h"
#include "tests/support/publication_request.h"

namespace vita::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using Stub = v1::ProfileService::Stub;

class ProfileServiceIntegrationTest : public IntegrationTest {
 protected:
  void SetUp() override {
    IntegrationTest::SetUp();
    if (HasFatalFailure()) return;
    profile_ = CreateProfile("ann", "Ann Example");
  }

  v1::Profile CreateProfile(const std::string& id, const std::string& name) {
    v1::CreateProfileRequest request;
    request.set_profile_id(id);
    request.mutable_profile()->set_display_name(name);
    v1::Profile profile;
    grpc::Status status =
        stub_->CreateProfile(Context().get(), request, &profile);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return profile;
  }

  grpc::Status AddNews(const std::string& id, int year, int month,
                       const std::string& text, v1::NewsItem* out = nullptr,
                       bool pinned = false) {
    v1::CreateNewsItemRequest request;
    request.set_parent("profiles/ann");
    request.set_news_item_id(id);
    request.mutable_news_item()->mutable_date()->set_year(year);
    request.mutable_news_item()->mutable_date()->set_month(month);
    request.mutable_news_item()->set_text(text);
    request.mutable_news_item()->set_pinned(pinned);
    v1::NewsItem ignored;
    return stub_->CreateNewsItem(Context().get(), request,
                                 out ? out : &ignored);
  }

  grpc::Status AddPublication(const std::string& id, int order, int year,
                              v1::Publication* out = nullptr) {
    v1::CreatePublicationRequest request =
        test_records::CreatePublicationRequest("profiles/ann", "Paper " + id,
                                               "Ann Example", year);
    request.set_publication_id(id);
    request.mutable_publication()->mutable_authors(0)->set_is_owner(true);
    request.mutable_publication()->set_display_order(order);
    v1::Publication ignored;
    return stub_->CreatePublication(Context().get(), request,
                                    out ? out : &ignored);
  }

  // Reads the page `name` ("profiles/{id}") as the public does, without a
  // token, into `page`.
  grpc::Status ReadPage(const std::string& name, v1::Page* page) {
    v1::GetPageRequest request;
    request.set_name(name);
    return stub_->GetPage(Context(false).get(), request, page);
  }

  // Calls `method` with `request`, with the admin token if `authorized`, for
  // its status alone: for calls whose response a test does not read (a
  // refusal, a delete). The response is dropped.
  template <typename Request, typename Response>
  grpc::Status StatusOf(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                     const Request&, Response*),
                        const Request& request, bool authorized = true) {
    Response ignored;
    return (stub_.get()->*method)(Context(authorized).get(), request, &ignored);
  }

  // The page of profiles/ann; fails the test if it cannot be read.
  v1::Page Page() {
    v1::Page page;
    grpc::Status status = ReadPage("profiles/ann", &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return page;
  }

  v1::Profile profile_;
};

template <typename Records>
std::vector<std::string> Names(const Records& records) {
  std::vector<std::string> names;
  for (const auto& record : records) names.push_back(record.name());
  return names;
}

TEST_F(ProfileServiceIntegrationTest, CreateProfileStampsServerFields) {
  EXPECT_EQ(profile_.name(), "profiles/ann");
  EXPECT_TRUE(profile_.has_create_time());
  EXPECT_EQ(profile_.create_time().seconds(), profile_.update_time().seconds());
  EXPECT_FALSE(profile_.etag().empty());
}

TEST_F(ProfileServiceIntegrationTest, GetProfileReturnsWhatWasCreated) {
  v1::GetProfileRequest request;
  request.set_name("profiles/ann");
  v1::Profile got;
  ASSERT_TRUE(stub_->GetProfile(Context(false).get(), request, &got).ok());
  EXPECT_EQ(got.SerializeAsString(), profile_.SerializeAsString());
}

TEST_F(ProfileServiceIntegrationTest, UnknownProfileIsNotFoundByName) {
  v1::GetProfileRequest request;
  request.set_name("profiles/nobody");
  EXPECT_THAT(StatusOf(&Stub::GetProfile, request, /*authorized=*/false),
              GrpcStatusIs(grpc::StatusCode::NOT_FOUND,
                           "profile \"profiles/nobody\" not found"));
}

TEST_F(ProfileServiceIntegrationTest, CreateProfileTwiceIsAlreadyExists) {
  v1::CreateProfileRequest request;
  request.set_profile_id("ann");
  request.mutable_profile()->set_display_name("Other");
  EXPECT_EQ(StatusOf(&Stub::CreateProfile, request).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(ProfileServiceIntegrationTest, CreateProfileNeedsValidId) {
  v1::CreateProfileRequest request;
  request.set_profile_id("Not Valid");
  request.mutable_profile()->set_display_name("X");
  EXPECT_THAT(
      StatusOf(&Stub::CreateProfile, request),
      GrpcStatusIs(
          grpc::StatusCode::INVALID_ARGUMENT,
          "profile_id: \"Not Valid\" is not a valid id (1 to 63 characters "
          "of a-z, 0-9 and '-', starting and ending with a letter or "
          "digit)"));
}

TEST_F(ProfileServiceIntegrationTest,
       CreateItemNamesItsOwnIdFieldWhenTheIdIsInvalid) {
  const std::string rule =
      ": \"Not Valid\" is not a valid id (1 to 63 characters of a-z, 0-9 "
      "and '-', starting and ending with a letter or digit)";
  v1::CreateNewsItemRequest news;
  news.set_parent("profiles/ann");
  news.set_news_item_id("Not Valid");
  news.mutable_news_item()->set_text("News");
  news.mutable_news_item()->mutable_date()->set_year(2025);
  EXPECT_THAT(
      StatusOf(&Stub::CreateNewsItem, news),
      GrpcStatusIs(grpc::StatusCode::INVALID_ARGUMENT, "news_item_id" + rule));
  v1::CreatePublicationRequest publication;
  publication.set_parent("profiles/ann");
  publication.set_publication_id("Not Valid");
  publication.mutable_publication()->set_title("Paper");
  EXPECT_THAT(StatusOf(&Stub::CreatePublication, publication),
              GrpcStatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                           "publication_id" + rule));
}

TEST_F(ProfileServiceIntegrationTest, ListProfilesPagesById) {
  CreateProfile("cid", "C");
  CreateProfile("bob", "B");
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    v1::ListProfilesRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListProfilesResponse response;
    ASSERT_TRUE(
        stub_->ListProfiles(Context(false).get(), request, &response).ok());
    for (const auto& p : response.profiles()) seen.push_back(p.name());
    token = response.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 2);
  EXPECT_THAT(seen,
              ElementsAre("profiles/ann", "profiles/bob", "profiles/cid"));
}

TEST_F(ProfileServiceIntegrationTest, UpdateProfileChangesOnlyMaskedFields) {
  v1::UpdateProfileRequest request;
  request.mutable_profile()->set_name("profiles/ann");
  request.mutable_profile()->set_bio("New *bio*");
  request.mutable_profile()->set_display_name("Ignored");
  request.mutable_update_mask()->add_paths("bio");
  v1::Profile updated;
  grpc::Status status =
      stub_->UpdateProfile(Context().get(), request, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.bio(), "New *bio*");
  EXPECT_EQ(updated.display_name(), "Ann Example");
  EXPECT_FALSE(profile_.etag().empty());
  EXPECT_FALSE(updated.etag().empty());
  EXPECT_NE(updated.etag(), profile_.etag());
  EXPECT_EQ(updated.create_time().SerializeAsString(),
            profile_.create_time().SerializeAsString());
}

TEST_F(ProfileServiceIntegrationTest,
       UpdateWithStaleEtagIsAbortedAndChangesNothing) {
  v1::UpdateProfileRequest request;
  request.mutable_profile()->set_name("profiles/ann");
  request.mutable_profile()->set_headline("First");
  request.mutable_profile()->set_etag(profile_.etag());
  request.mutable_update_mask()->add_paths("headline");
  v1::Profile first;
  ASSERT_TRUE(stub_->UpdateProfile(Context().get(), request, &first).ok());

  // The same etag again is stale now.
  request.mutable_profile()->set_headline("Second");
  EXPECT_THAT(
      StatusOf(&Stub::UpdateProfile, request),
      GrpcStatusIs(
          grpc::StatusCode::ABORTED,
          "profile \"profiles/ann\" was changed since it was read (etag \"" +
              profile_.etag() + "\", now \"" + first.etag() +
              "\"); get it again and retry"));

  v1::GetProfileRequest get;
  get.set_name("profiles/ann");
  v1::Profile stored;
  ASSERT_TRUE(stub_->GetProfile(Context().get(), get, &stored).ok());
  EXPECT_EQ(stored.headline(), "First");
  EXPECT_EQ(stored.etag(), first.etag());
}

TEST_F(ProfileServiceIntegrationTest, UpdateThatChangesNothingKeepsEtag) {
  v1::UpdateProfileRequest request;
  request.mutable_profile()->set_name("profiles/ann");
  request.mutable_profile()->set_display_name("Ann Example");
  request.mutable_update_mask()->add_paths("display_name");
  v1::Profile updated;
  ASSERT_TRUE(stub_->UpdateProfile(Context().get(), request, &updated).ok());
  EXPECT_EQ(updated.etag(), profile_.etag());
}

TEST_F(ProfileServiceIntegrationTest, InvalidUpdateIsRefusedAndChangesNothing) {
  v1::UpdateProfileRequest request;
  request.mutable_profile()->set_name("profiles/ann");
  auto* link = request.mutable_profile()->add_links();
  link->set_kind(v1::ProfileLink::OTHER);
  link->set_url("javascript:alert(1)");
  request.mutable_profile()->set_bio("Should not be stored");
  request.mutable_update_mask()->add_paths("links");
  request.mutable_update_mask()->add_paths("bio");
  EXPECT_THAT(StatusOf(&Stub::UpdateProfile, request),
              GrpcStatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                           "profile.links[0].url: scheme must be http, https "
                           "or mailto, or a path starting with \"/\" (got "
                           "\"javascript\")"));
  EXPECT_EQ(Page().profile().SerializeAsString(), profile_.SerializeAsString());
}

TEST_F(ProfileServiceIntegrationTest, UpdateWithUnknownMaskPathIsInvalid) {
  v1::UpdateProfileRequest request;
  request.mutable_profile()->set_name("profiles/ann");
  request.mutable_update_mask()->add_paths("shoe_size");
  EXPECT_THAT(
      StatusOf(&Stub::UpdateProfile, request),
      GrpcStatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                   "update_mask: \"shoe_size\" is not a field of Profile"));
}

TEST_F(ProfileServiceIntegrationTest, DeleteProfileWithItemsNeedsForce) {
  ASSERT_TRUE(AddNews("n1", 2024, 3, "Hello").ok());
  v1::DeleteProfileRequest request;
  request.set_name("profiles/ann");
  EXPECT_THAT(
      StatusOf(&Stub::DeleteProfile, request),
      GrpcStatusIs(grpc::StatusCode::FAILED_PRECONDITION,
                   "profile \"profiles/ann\" still has 1 news item(s) and 0 "
                   "publication(s); delete them first or set force"));
  EXPECT_EQ(Page().news_size(), 1);

  request.set_force(true);
  ASSERT_TRUE(StatusOf(&Stub::DeleteProfile, request).ok());
  v1::Page page;
  EXPECT_EQ(ReadPage("profiles/ann", &page).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProfileServiceIntegrationTest, NewsItemIsCreatedReadUpdatedAndDeleted) {
  v1::NewsItem created;
  ASSERT_TRUE(
      AddNews("deepspeed", 2024, 3, "I will join DeepSpeed", &created).ok());
  EXPECT_EQ(created.name(), "profiles/ann/news/deepspeed");

  v1::GetNewsItemRequest get;
  get.set_name(created.name());
  v1::NewsItem got;
  ASSERT_TRUE(stub_->GetNewsItem(Context(false).get(), get, &got).ok());
  EXPECT_EQ(got.text(), "I will join DeepSpeed");

  v1::UpdateNewsItemRequest update;
  update.mutable_news_item()->set_name(created.name());
  update.mutable_news_item()->set_text("I joined DeepSpeed");
  update.mutable_news_item()->set_etag(created.etag());
  update.mutable_update_mask()->add_paths("text");
  v1::NewsItem updated;
  ASSERT_TRUE(stub_->UpdateNewsItem(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.text(), "I joined DeepSpeed");
  EXPECT_EQ(updated.date().month(), 3);

  v1::DeleteNewsItemRequest remove;
  remove.set_name(created.name());
  ASSERT_TRUE(StatusOf(&Stub::DeleteNewsItem, remove).ok());
  EXPECT_THAT(
      StatusOf(&Stub::GetNewsItem, get, /*authorized=*/false),
      GrpcStatusIs(grpc::StatusCode::NOT_FOUND,
                   "news item \"profiles/ann/news/deepspeed\" not found"));
  EXPECT_EQ(StatusOf(&Stub::DeleteNewsItem, remove).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProfileServiceIntegrationTest, NewsWithoutIdGetsGeneratedId) {
  v1::NewsItem a, b;
  ASSERT_TRUE(AddNews("", 2024, 1, "A", &a).ok());
  ASSERT_TRUE(AddNews("", 2024, 1, "B", &b).ok());
  EXPECT_THAT(a.name(), ::testing::StartsWith("profiles/ann/news/"));
  EXPECT_NE(a.name(), b.name());
}

TEST_F(ProfileServiceIntegrationTest, GeneratedIdsAreReadableAndUnique) {
  v1::NewsItem a, b;
  ASSERT_TRUE(AddNews("", 2024, 3, "Hello *world*", &a).ok());
  ASSERT_TRUE(AddNews("", 2024, 3, "Hello *world*", &b).ok());
  EXPECT_EQ(a.name(), "profiles/ann/news/2024-03-hello-world");
  EXPECT_EQ(b.name(), "profiles/ann/news/2024-03-hello-world-2");
  v1::Publication p;
  ASSERT_TRUE(AddPublication("", 1, 2024, &p).ok());
  // AddPublication titles papers "Paper <id>".
  EXPECT_EQ(p.name(), "profiles/ann/publications/paper");
}

TEST_F(ProfileServiceIntegrationTest, NewsOfUnknownProfileIsNotFound) {
  v1::CreateNewsItemRequest request;
  request.set_parent("profiles/nobody");
  request.mutable_news_item()->mutable_date()->set_year(2024);
  request.mutable_news_item()->set_text("x");
  EXPECT_THAT(StatusOf(&Stub::CreateNewsItem, request),
              GrpcStatusIs(grpc::StatusCode::NOT_FOUND,
                           "profile \"profiles/nobody\" not found"));

  v1::ListNewsItemsRequest list;
  list.set_parent("profiles/nobody");
  EXPECT_EQ(StatusOf(&Stub::ListNewsItems, list).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ProfileServiceIntegrationTest, NewsListedPinnedFirstThenNewestFirst) {
  ASSERT_TRUE(AddNews("old", 2021, 5, "old").ok());
  ASSERT_TRUE(AddNews("new", 2024, 3, "new").ok());
  ASSERT_TRUE(AddNews("pinned", 2019, 1, "pinned", nullptr, true).ok());
  ASSERT_TRUE(AddNews("mid", 2023, 11, "mid").ok());
  std::vector<std::string> expected = {
      "profiles/ann/news/pinned", "profiles/ann/news/new",
      "profiles/ann/news/mid", "profiles/ann/news/old"};
  EXPECT_THAT(Names(Page().news()), ElementsAreArray(expected));

  v1::ListNewsItemsRequest list;
  list.set_parent("profiles/ann");
  v1::ListNewsItemsResponse response;
  ASSERT_TRUE(stub_->ListNewsItems(Context().get(), list, &response).ok());
  EXPECT_THAT(Names(response.news_items()), ElementsAreArray(expected));
}

TEST_F(ProfileServiceIntegrationTest, PublicationsPaginateInDisplayOrder) {
  // Created out of order; all pinned: listed by display_order, then id.
  ASSERT_TRUE(AddPublication("c", 2, 2020).ok());
  ASSERT_TRUE(AddPublication("a", 1, 2022).ok());
  ASSERT_TRUE(AddPublication("e", 3, 2019).ok());
  ASSERT_TRUE(AddPublication("b", 1, 2021).ok());
  ASSERT_TRUE(AddPublication("d", 2, 2018).ok());
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    v1::ListPublicationsRequest request;
    request.set_parent("profiles/ann");
    request.set_page_size(2);
    request.set_page_token(token);
    v1::ListPublicationsResponse response;
    grpc::Status status =
        stub_->ListPublications(Context(false).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_LE(response.publications_size(), 2);
    for (const auto& p : response.publications()) seen.push_back(p.name());
    token = response.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  std::vector<std::string> expected;
  for (const char* id : {"a", "b", "c", "d", "e"}) {
    expected.push_back(std::string("profiles/ann/publications/") + id);
  }
  EXPECT_EQ(seen, expected);
  EXPECT_THAT(Names(Page().publications()), ElementsAreArray(expected));
}

TEST_F(ProfileServiceIntegrationTest, PageTokenOfAnotherParentIsInvalid) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(AddPublication("p" + std::to_string(i), i, 2020).ok());
  }
  v1::ListPublicationsRequest request;
  request.set_parent("profiles/ann");
  request.set_page_size(1);
  v1::ListPublicationsResponse response;
  ASSERT_TRUE(
      stub_->ListPublications(Context().get(), request, &response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  CreateProfile("bob", "Bob");
  request.set_parent("profiles/bob");
  request.set_page_token(response.next_page_token());
  EXPECT_THAT(
      stub_->ListPublications(Context().get(), request, &response),
      GrpcStatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                   "page_token: is not a next_page_token of a previous list of "
                   "profiles/bob/publications"));
}

TEST_F(ProfileServiceIntegrationTest,
       PublicationIsCreatedReorderedReadAndDeleted) {
  v1::Publication first, second;
  ASSERT_TRUE(AddPublication("first", 2, 2024, &first).ok());
  ASSERT_TRUE(AddPublication("second", 3, 2023, &second).ok());

  v1::UpdatePublicationRequest update;
  update.mutable_publication()->set_name(second.name());
  update.mutable_publication()->set_display_order(1);
  update.mutable_publication()->set_etag(second.etag());
  update.mutable_update_mask()->add_paths("display_order");
  v1::Publication moved;
  ASSERT_TRUE(stub_->UpdatePublication(Context().get(), update, &moved).ok());
  EXPECT_THAT(Names(Page().publications()),
              ElementsAre(second.name(), first.name()));

  v1::GetPublicationRequest get;
  get.set_name(first.name());
  v1::Publication got;
  ASSERT_TRUE(stub_->GetPublication(Context(false).get(), get, &got).ok());
  EXPECT_TRUE(got.authors(0).is_owner());

  v1::DeletePublicationRequest remove;
  remove.set_name(first.name());
  ASSERT_TRUE(StatusOf(&Stub::DeletePublication, remove).ok());
  EXPECT_THAT(Names(Page().publications()), ElementsAre(second.name()));
}

TEST_F(ProfileServiceIntegrationTest, PublicationUpdateWithStaleEtagIsAborted) {
  v1::Publication created;
  ASSERT_TRUE(AddPublication("p", 1, 2024, &created).ok());
  v1::UpdatePublicationRequest update;
  update.mutable_publication()->set_name(created.name());
  update.mutable_publication()->set_venue("ICLR 2025");
  update.mutable_publication()->set_etag("0123456789abcdef01234567");
  update.mutable_update_mask()->add_paths("venue");
  v1::Publication updated;
  EXPECT_EQ(
      stub_->UpdatePublication(Context().get(), update, &updated).error_code(),
      grpc::StatusCode::ABORTED);
}

TEST_F(ProfileServiceIntegrationTest, CitationKeyIsUniqueWithinProfile) {
  v1::CreatePublicationRequest request =
      test_records::CreatePublicationRequest("profiles/ann", "T", "A", 2024);
  request.mutable_publication()->set_status(v1::Publication::PREPRINT);
  request.mutable_publication()->set_citation_key("ann2024t");
  v1::Publication created;
  ASSERT_TRUE(
      stub_->CreatePublication(Context().get(), request, &created).ok());
  EXPECT_THAT(
      stub_->CreatePublication(Context().get(), request, &created),
      GrpcStatusIs(grpc::StatusCode::ALREADY_EXISTS,
                   "publication.citation_key: \"ann2024t\" is already used by "
                   "profiles/ann/publications/ann2024t"));
  EXPECT_EQ(Page().publications_size(), 1);
}

TEST_F(ProfileServiceIntegrationTest, InvalidPublicationIsRefusedNamingField) {
  v1::CreatePublicationRequest request =
      test_records::CreatePublicationRequest("profiles/ann", "T", "A", 2024);
  auto* link = request.mutable_publication()->add_links();
  link->set_kind(v1::PublicationLink::CODE);
  link->set_url("data:text/html,<script>alert(1)</script>");
  v1::Publication created;
  EXPECT_THAT(stub_->CreatePublication(Context().get(), request, &created),
              GrpcStatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                           "publication.links[0].url: scheme must be http, "
                           "https or mailto, or a path starting with \"/\" "
                           "(got \"data\")"));
  EXPECT_EQ(Page().publications_size(), 0);
}

TEST_F(ProfileServiceIntegrationTest, PageEtagChangesWithAnyRecord) {
  std::string before = Page().etag();
  ASSERT_TRUE(AddNews("n", 2024, 3, "x").ok());
  std::string after = Page().etag();
  EXPECT_FALSE(before.empty());
  EXPECT_FALSE(after.empty());
  EXPECT_NE(before, after);
  EXPECT_EQ(Page().etag(), after);
}

TEST_F(ProfileServiceIntegrationTest, ImportPageCreatesAllOrNothing) {
  ASSERT_TRUE(AddNews("n", 2024, 3, "x").ok());
  ASSERT_TRUE(AddPublication("p", 1, 2024).ok());
  v1::Page page = Page();
  page.mutable_profile()->set_name("profiles/copy");
  for (auto& item : *page.mutable_news()) {
    item.set_name("profiles/copy/news/" +
                  item.name().substr(item.name().rfind('/') + 1));
  }
  for (auto& publication : *page.mutable_publications()) {
    publication.set_name(
        "profiles/copy/publications/" +
        publication.name().substr(publication.name().rfind('/') + 1));
  }
  v1::ImportPageRequest request;
  *request.mutable_page() = page;
  // A bad last record: nothing of the page may be written.
  request.mutable_page()->mutable_publications(0)->set_year(99);
  v1::Page imported;
  EXPECT_THAT(stub_->ImportPage(Context().get(), request, &imported),
              GrpcStatusIs(grpc::StatusCode::INVALID_ARGUMENT,
                           "publications[0].year: must be from 1000 to 9999, "
                           "or 0 when not known (got 99)"));
  v1::Page copy;
  EXPECT_EQ(ReadPage("profiles/copy", &copy).error_code(),
            grpc::StatusCode::NOT_FOUND);

  *request.mutable_page() = page;
  grpc::Status status =
      stub_->ImportPage(Context(false).get(), request, &imported);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  status = stub_->ImportPage(Context().get(), request, &imported);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(ReadPage("profiles/copy", &copy).ok());
  // Everything but the names (and so the etags, which cover them) came over
  // unchanged, times included.
  google::protobuf::util::MessageDifferencer differ;
  std::string report;
  differ.ReportDifferencesToString(&report);
  differ.IgnoreField(v1::Page::descriptor()->FindFieldByName("etag"));
  for (const auto* d : {v1::Profile::descriptor(), v1::NewsItem::descriptor(),
                        v1::Publication::descriptor()}) {
    differ.IgnoreField(d->FindFieldByName("name"));
    differ.IgnoreField(d->FindFieldByName("etag"));
  }
  ASSERT_EQ(copy.news_size(), 1);
  ASSERT_EQ(copy.publications_size(), 1);
  EXPECT_TRUE(differ.Compare(page, copy)) << report;
  EXPECT_TRUE(page.news(0).has_create_time());
  EXPECT_TRUE(page.publications(0).has_update_time());
  EXPECT_EQ(copy.news(0).name(), "profiles/copy/news/n");
  EXPECT_EQ(copy.publications(0).name(), "profiles/copy/publications/p");

  status = stub_->ImportPage(Context().get(), request, &imported);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

// GetPage is served from a cache; every kind of write must show at once.
TEST_F(ProfileServiceIntegrationTest, PageShowsEveryKindOfWriteAtOnce) {
  std::vector<std::string> etags = {Page().etag()};
  ASSERT_FALSE(etags[0].empty());
  auto expect_new_page = [&](const char* after) {
    std::string etag = Page().etag();
    EXPECT_FALSE(etag.empty()) << after;
    for (const std::string& seen : etags) EXPECT_NE(etag, seen) << after;
    etags.push_back(etag);
  };
  v1::NewsItem news;
  ASSERT_TRUE(AddNews("n", 2024, 3, "x", &news).ok());
  expect_new_page("CreateNewsItem");
  EXPECT_EQ(Page().news_size(), 1);

  v1::UpdateNewsItemRequest update_news;
  update_news.mutable_news_item()->set_name(news.name());
  update_news.mutable_news_item()->set_text("y");
  update_news.mutable_update_mask()->add_paths("text");
  ASSERT_TRUE(stub_->UpdateNewsItem(Context().get(), update_news, &news).ok());
  expect_new_page("UpdateNewsItem");
  EXPECT_EQ(Page().news(0).text(), "y");

  v1::Publication publication;
  ASSERT_TRUE(AddPublication("p", 1, 2024, &publication).ok());
  expect_new_page("CreatePublication");

  v1::UpdatePublicationRequest update_publication;
  update_publication.mutable_publication()->set_name(publication.name());
  update_publication.mutable_publication()->set_venue("ICLR 2025");
  update_publication.mutable_update_mask()->add_paths("venue");
  ASSERT_TRUE(
      stub_
          ->UpdatePublication(Context().get(), update_publication, &publication)
          .ok());
  expect_new_page("UpdatePublication");
  EXPECT_EQ(Page().publications(0).venue(), "ICLR 2025");

  v1::UpdateProfileRequest update_profile;
  update_profile.mutable_profile()->set_name("profiles/ann");
  update_profile.mutable_profile()->set_bio("New bio");
  update_profile.mutable_update_mask()->add_paths("bio");
  v1::Profile profile;
  ASSERT_TRUE(
      stub_->UpdateProfile(Context().get(), update_profile, &profile).ok());
  expect_new_page("UpdateProfile");
  EXPECT_EQ(Page().profile().bio(), "New bio");

  v1::DeleteNewsItemRequest delete_news;
  delete_news.set_name(news.name());
  ASSERT_TRUE(StatusOf(&Stub::DeleteNewsItem, delete_news).ok());
  expect_new_page("DeleteNewsItem");
  EXPECT_EQ(Page().news_size(), 0);

  v1::DeletePublicationRequest delete_publication;
  delete_publication.set_name(publication.name());
  ASSERT_TRUE(StatusOf(&Stub::DeletePublication, delete_publication).ok());
  EXPECT_EQ(Page().publications_size(), 0);
}

TEST_F(ProfileServiceIntegrationTest, GetPageSendsItsEtagAsAnEtagHeader) {
  v1::GetPageRequest request;
  request.set_name("profiles/ann");
  v1::Page page;
  auto context = Context(false);
  ASSERT_TRUE(stub_->GetPage(context.get(), request, &page).ok());
  auto etag = context->GetServerInitialMetadata().find("etag");
  ASSERT_NE(etag, context->GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(etag->second.data(), etag->second.size()),
            "\"" + page.etag() + "\"");
}

}  // namespace
}  // namespace vita::testing
