// Tests of server/api/authorizer.cc through a real server: writes need the
// admin token or an editor token of the profile written to; reads need
// none; a refused write changes nothing.
#include <signal.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "absl/strings/substitute.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/api/integration_test_base.h"
#include "tests/support/grpc_status_is.h"

namespace vita::testing {
namespace {

using ::testing::HasSubstr;

class AdminAuthIntegrationTest : public IntegrationTest {
 protected:
  grpc::Status CreateWith(const std::string& authorization) {
    grpc::ClientContext context;
    if (!authorization.empty()) {
      context.AddMetadata("authorization", authorization);
    }
    return CreateAnn(*stub_, context);
  }

  int ProfileCount() {
    v1::ListProfilesResponse response;
    grpc::Status status = stub_->ListProfiles(
        Context(false).get(), v1::ListProfilesRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.profiles_size();
  }
};

TEST_F(AdminAuthIntegrationTest, WriteWithoutTokenIsUnauthenticated) {
  EXPECT_THAT(CreateWith(""), GrpcStatusIs(grpc::StatusCode::UNAUTHENTICATED,
                                           HasSubstr("authorization: Bearer")));
  EXPECT_EQ(ProfileCount(), 0);
}

TEST_F(AdminAuthIntegrationTest, WriteWithWrongTokenIsUnauthenticated) {
  EXPECT_THAT(CreateWith("Bearer wrong-token"),
              GrpcStatusIs(grpc::StatusCode::UNAUTHENTICATED,
                           ::testing::Not(HasSubstr(kTestAdminToken))));
  EXPECT_EQ(ProfileCount(), 0);
}

TEST_F(AdminAuthIntegrationTest, TokenPrefixIsNotEnough) {
  std::string prefix(kTestAdminToken);
  prefix.pop_back();
  EXPECT_EQ(CreateWith("Bearer " + prefix).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(
      CreateWith(std::string("Bearer ") + kTestAdminToken + "x").error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AdminAuthIntegrationTest, TokenWithoutBearerSchemeIsRefused) {
  EXPECT_EQ(CreateWith(kTestAdminToken).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AdminAuthIntegrationTest, WriteWithRightTokenSucceeds) {
  grpc::Status status = CreateWith(std::string("Bearer ") + kTestAdminToken);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ProfileCount(), 1);
}

TEST_F(AdminAuthIntegrationTest, TokenNeverReachesTheLog) {
  ASSERT_TRUE(CreateWith(std::string("Bearer ") + kTestAdminToken).ok());
  ASSERT_FALSE(CreateWith(std::string("Bearer ") + kTestAdminToken + "x").ok());
  ASSERT_TRUE(server_->Stop(SIGTERM).ok());
  std::ifstream in(server_->log_path());
  std::stringstream log;
  log << in.rdbuf();
  EXPECT_THAT(log.str(), HasSubstr("stopped"));  // the log was written
  EXPECT_THAT(log.str(), ::testing::Not(HasSubstr(kTestAdminToken)));
}

TEST_F(AdminAuthIntegrationTest, SchemeIsCaseInsensitive) {
  EXPECT_TRUE(CreateWith(std::string("bearer ") + kTestAdminToken).ok());
}

TEST(AdminAuthWithoutTokenIntegrationTest, ServerWithoutTokenRefusesAllWrites) {
  ServerOptions options;
  options.admin_token.clear();
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = NewStub((*server)->address());
  grpc::ClientContext context;
  Authorize(context, "anything");
  EXPECT_THAT(CreateAnn(*stub, context),
              GrpcStatusIs(grpc::StatusCode::UNAUTHENTICATED,
                           HasSubstr("without an admin token")));
}

// An editor token of profiles/ann, with profiles/ann and profiles/bob (each
// with a news item "n" and a publication "p") made by the admin.
class EditorTokenIntegrationTest : public IntegrationTest {
 protected:
  void SetUp() override {
    IntegrationTest::SetUp();
    if (HasFatalFailure()) return;
    for (const std::string id : {"ann", "bob"}) {
      grpc::ClientContext context;
      Authorize(context, kTestAdminToken);
      grpc::Status status = Calling(
          &Stub::ImportPage, "profiles/" + id,
          "page { profile { name: '$0' display_name: 'X' } "
          "news { name: '$0/news/n' text: 'news' date { year: 2024 } } "
          "publications { name: '$0/publications/p' title: 'Paper' "
          "authors { name: 'Ann' } status: PUBLISHED year: 2024 } }")(context);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    auto created =
        CreateEditorToken(server_->address(), kTestAdminToken, "profiles/ann");
    ASSERT_TRUE(created.ok()) << created.status();
    editor_ = created->bearer_token();
    editor_id_ = created->token().name().substr(strlen("tokens/"));
  }

  using Write = std::function<grpc::Status(grpc::ClientContext&)>;
  using Stub = v1::ProfileService::Stub;

  // A write: `method` called with `request`, given in text format with
  // "$0" standing for `profile`.
  template <typename Request, typename Response>
  Write Calling(grpc::Status (Stub::*method)(grpc::ClientContext*,
                                             const Request&, Response*),
                const std::string& profile, const std::string& request) {
    Request parsed;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
        absl::Substitute(request, profile), &parsed))
        << request;
    return [this, method, parsed](grpc::ClientContext& context) {
      Response response;
      return (stub_.get()->*method)(&context, parsed, &response);
    };
  }

  // Each write a profile's editor may make, on profile `id`: update the
  // profile; create, update and delete a news item and a publication;
  // import publications.
  std::vector<std::pair<std::string, Write>> ProfileWrites(
      const std::string& id) {
    const std::string p = "profiles/" + id;
    return {
        {"UpdateProfile", Calling(&Stub::UpdateProfile, p,
                                  "profile { name: '$0' headline: 'edited' } "
                                  "update_mask { paths: 'headline' }")},
        {"CreateNewsItem",
         Calling(&Stub::CreateNewsItem, p,
                 "parent: '$0' news_item_id: 'm' "
                 "news_item { text: 'more news' date { year: 2025 } }")},
        {"UpdateNewsItem",
         Calling(&Stub::UpdateNewsItem, p,
                 "news_item { name: '$0/news/n' text: 'edited' } "
                 "update_mask { paths: 'text' }")},
        {"DeleteNewsItem",
         Calling(&Stub::DeleteNewsItem, p, "name: '$0/news/n'")},
        {"CreatePublication",
         Calling(&Stub::CreatePublication, p,
                 "parent: '$0' publication_id: 'q' publication { title: "
                 "'Another paper' authors { name: 'Ann' } status: PUBLISHED "
                 "year: 2025 }")},
        {"UpdatePublication",
         Calling(&Stub::UpdatePublication, p,
                 "publication { name: '$0/publications/p' title: 'Edited' } "
                 "update_mask { paths: 'title' }")},
        {"DeletePublication",
         Calling(&Stub::DeletePublication, p, "name: '$0/publications/p'")},
        {"ImportPublications",
         Calling(&Stub::ImportPublications, p,
                 "parent: '$0' publications { title: 'Imported paper' "
                 "authors { name: 'Ann' } status: PUBLISHED year: 2025 }")},
    };
  }

  // The writes only the admin may make, each with what it does; deleting
  // is tried on the editor's own profile.
  std::vector<std::pair<std::string, Write>> AdminOnlyWrites() {
    return {
        {"creating profiles",
         Calling(&Stub::CreateProfile, "",
                 "profile_id: 'cat' profile { display_name: 'Cat' }")},
        {"deleting profiles", Calling(&Stub::DeleteProfile, "profiles/ann",
                                      "name: '$0' force: true")},
        {"importing pages",
         Calling(&Stub::ImportPage, "",
                 "page { profile { name: 'profiles/cat' display_name: 'Cat' "
                 "} }")},
    };
  }

  grpc::Status CallWith(const std::string& token, const Write& write) {
    grpc::ClientContext context;
    Authorize(context, token);
    return write(context);
  }

  // The page's etag: changes with any change to the profile or its items.
  std::string Etag(const std::string& id) {
    absl::StatusOr<v1::Page> page =
        GetPage(server_->address(), "profiles/" + id);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->etag() : "";
  }

  std::string editor_;     // the whole bearer token
  std::string editor_id_;  // its id
};

// Every write method, the admin's and the editors', refuses a call without
// a token.
TEST_F(EditorTokenIntegrationTest, EveryWriteMethodNeedsAToken) {
  std::vector<std::pair<std::string, Write>> writes = ProfileWrites("ann");
  for (auto& admin_only : AdminOnlyWrites()) writes.push_back(admin_only);
  ASSERT_EQ(writes.size(), 11u);
  std::string before = Etag("ann");
  for (const auto& [method, write] : writes) {
    grpc::ClientContext context;
    EXPECT_THAT(write(context),
                GrpcStatusIs(grpc::StatusCode::UNAUTHENTICATED,
                             HasSubstr("authorization: Bearer")))
        << method;
  }
  EXPECT_EQ(Etag("ann"), before);
}

TEST_F(EditorTokenIntegrationTest, MayChangeItsProfileAndItsItems) {
  for (const auto& [method, write] : ProfileWrites("ann")) {
    std::string before = Etag("ann");
    grpc::Status status = CallWith(editor_, write);
    EXPECT_TRUE(status.ok()) << method << ": " << status.error_message();
    EXPECT_NE(Etag("ann"), before) << method;
  }
}

TEST_F(EditorTokenIntegrationTest, MayNotChangeAnotherProfileOrItsItems) {
  std::string before = Etag("bob");
  for (const auto& [method, write] : ProfileWrites("bob")) {
    EXPECT_THAT(CallWith(editor_, write),
                GrpcStatusIs(grpc::StatusCode::PERMISSION_DENIED,
                             "token \"" + editor_id_ +
                                 "\" may edit profiles/ann only (this call "
                                 "changes profiles/bob)"))
        << method;
  }
  EXPECT_EQ(Etag("bob"), before);
}

TEST_F(EditorTokenIntegrationTest, MayNotCreateDeleteOrImportProfiles) {
  std::vector<std::pair<std::string, Write>> admin_only = AdminOnlyWrites();
  std::string before = Etag("ann");
  for (const auto& [what, write] : admin_only) {
    EXPECT_THAT(CallWith(editor_, write),
                GrpcStatusIs(grpc::StatusCode::PERMISSION_DENIED,
                             "token \"" + editor_id_ +
                                 "\" may edit profiles/ann only (" + what +
                                 " needs the admin token)"));
  }
  EXPECT_EQ(Etag("ann"), before);
  v1::ListProfilesResponse listed;
  ASSERT_TRUE(stub_->ListProfiles(Context(false).get(), {}, &listed).ok());
  EXPECT_EQ(listed.profiles_size(), 2);
}

TEST_F(EditorTokenIntegrationTest, RevokedTokenIsRefusedAtOnceWithoutRestart) {
  Write update = ProfileWrites("ann")[0].second;
  ASSERT_TRUE(CallWith(editor_, update).ok());
  v1::RevokeTokenRequest revoke;
  revoke.set_name("tokens/" + editor_id_);
  google::protobuf::Empty empty;
  ASSERT_TRUE(token_stub_->RevokeToken(Context().get(), revoke, &empty).ok());
  std::string before = Etag("ann");
  EXPECT_THAT(CallWith(editor_, ProfileWrites("ann")[1].second),
              GrpcStatusIs(grpc::StatusCode::UNAUTHENTICATED,
                           "the bearer token is not valid"));
  EXPECT_EQ(Etag("ann"), before);
}

TEST_F(EditorTokenIntegrationTest, ExpiredTokenIsRefused) {
  auto created = CreateEditorToken(server_->address(), kTestAdminToken,
                                   "profiles/ann", /*ttl_seconds=*/1);
  ASSERT_TRUE(created.ok()) << created.status();
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  grpc::Status status =
      CallWith(created->bearer_token(), ProfileWrites("ann")[0].second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(),
              ::testing::MatchesRegex("token \"[0-9a-f]{12}\" expired at "
                                      "[0-9-]{10}T[0-9:]{8}Z"));
}

TEST_F(EditorTokenIntegrationTest, EditorTokenWorksOnAServerWithoutAdminToken) {
  ASSERT_TRUE(server_->Stop(SIGTERM).ok());
  ServerOptions options;
  options.db_path = server_->db_path();
  options.admin_token.clear();
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
  stub_ = NewStub(server_->address());
  EXPECT_TRUE(CallWith(editor_, ProfileWrites("ann")[0].second).ok());
  grpc::Status status =
      CallWith(kTestAdminToken, ProfileWrites("ann")[0].second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace vita::testing
