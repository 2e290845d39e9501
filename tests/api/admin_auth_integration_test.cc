// Tests of server/api/admin_auth.cc through a real server: writes need the
// admin token; reads do not; a refused write changes nothing.
#include <signal.h>

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/api/admin_auth.h"
#include "tests/api/integration_test_base.h"

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
    v1::CreateProfileRequest request;
    request.set_profile_id("ann");
    request.mutable_profile()->set_display_name("Ann");
    v1::Profile profile;
    return stub_->CreateProfile(&context, request, &profile);
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
  grpc::Status status = CreateWith("");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("authorization: Bearer"));
  EXPECT_EQ(ProfileCount(), 0);
}

TEST_F(AdminAuthIntegrationTest, WriteWithWrongTokenIsUnauthenticated) {
  grpc::Status status = CreateWith("Bearer wrong-token");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(),
              ::testing::Not(HasSubstr(kTestAdminToken)));
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

TEST_F(AdminAuthIntegrationTest, EveryWriteMethodChecksToken) {
  ASSERT_TRUE(CreateWith(std::string("Bearer ") + kTestAdminToken).ok());
  google::protobuf::Empty empty;
  v1::Profile profile;
  v1::NewsItem news;
  v1::Publication publication;
  std::vector<grpc::Status> results;
  {
    grpc::ClientContext c;
    v1::UpdateProfileRequest r;
    r.mutable_profile()->set_name("profiles/ann");
    r.mutable_profile()->set_bio("x");
    results.push_back(stub_->UpdateProfile(&c, r, &profile));
  }
  {
    grpc::ClientContext c;
    v1::DeleteProfileRequest r;
    r.set_name("profiles/ann");
    results.push_back(stub_->DeleteProfile(&c, r, &empty));
  }
  {
    grpc::ClientContext c;
    v1::CreateNewsItemRequest r;
    r.set_parent("profiles/ann");
    results.push_back(stub_->CreateNewsItem(&c, r, &news));
  }
  {
    grpc::ClientContext c;
    v1::UpdateNewsItemRequest r;
    results.push_back(stub_->UpdateNewsItem(&c, r, &news));
  }
  {
    grpc::ClientContext c;
    v1::DeleteNewsItemRequest r;
    results.push_back(stub_->DeleteNewsItem(&c, r, &empty));
  }
  {
    grpc::ClientContext c;
    v1::CreatePublicationRequest r;
    results.push_back(stub_->CreatePublication(&c, r, &publication));
  }
  {
    grpc::ClientContext c;
    v1::UpdatePublicationRequest r;
    results.push_back(stub_->UpdatePublication(&c, r, &publication));
  }
  {
    grpc::ClientContext c;
    v1::DeletePublicationRequest r;
    results.push_back(stub_->DeletePublication(&c, r, &empty));
  }
  {
    grpc::ClientContext c;
    v1::ImportPageRequest r;
    v1::Page page;
    results.push_back(stub_->ImportPage(&c, r, &page));
  }
  for (const grpc::Status& status : results) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << status.error_message();
  }
  EXPECT_EQ(ProfileCount(), 1);
}

TEST(AdminAuthWithoutTokenIntegrationTest, ServerWithoutTokenRefusesAllWrites) {
  ServerOptions options;
  options.admin_token.clear();
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = NewStub((*server)->address());
  grpc::ClientContext context;
  Authorize(context, "anything");
  v1::CreateProfileRequest request;
  request.set_profile_id("ann");
  request.mutable_profile()->set_display_name("Ann");
  v1::Profile profile;
  grpc::Status status = stub->CreateProfile(&context, request, &profile);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("without an admin token"));
}

}  // namespace
}  // namespace vita::testing
