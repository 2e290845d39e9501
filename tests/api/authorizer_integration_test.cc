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
    return CreateAnn(*stub_, context);
  }

  // Calls `method` with `request` and no authorization metadata.
  template <typename Request, typename Response>
  grpc::Status CallWithoutToken(
      grpc::Status (v1::ProfileService::Stub::*method)(grpc::ClientContext*,
                                                       const Request&,
                                                       Response*),
      const Request& request) {
    grpc::ClientContext context;
    Response response;
    return (stub_.get()->*method)(&context, request, &response);
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
  using Stub = v1::ProfileService::Stub;
  ASSERT_TRUE(CreateWith(std::string("Bearer ") + kTestAdminToken).ok());
  v1::UpdateProfileRequest update_profile;
  update_profile.mutable_profile()->set_name("profiles/ann");
  update_profile.mutable_profile()->set_bio("x");
  v1::DeleteProfileRequest delete_profile;
  delete_profile.set_name("profiles/ann");
  v1::CreateNewsItemRequest create_news;
  create_news.set_parent("profiles/ann");
  std::vector<grpc::Status> results = {
      CallWithoutToken(&Stub::UpdateProfile, update_profile),
      CallWithoutToken(&Stub::DeleteProfile, delete_profile),
      CallWithoutToken(&Stub::CreateNewsItem, create_news),
      CallWithoutToken(&Stub::UpdateNewsItem, v1::UpdateNewsItemRequest()),
      CallWithoutToken(&Stub::DeleteNewsItem, v1::DeleteNewsItemRequest()),
      CallWithoutToken(&Stub::CreatePublication,
                       v1::CreatePublicationRequest()),
      CallWithoutToken(&Stub::UpdatePublication,
                       v1::UpdatePublicationRequest()),
      CallWithoutToken(&Stub::DeletePublication,
                       v1::DeletePublicationRequest()),
      CallWithoutToken(&Stub::ImportPage, v1::ImportPageRequest()),
  };
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
  grpc::Status status = CreateAnn(*stub, context);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("without an admin token"));
}

}  // namespace
}  // namespace vita::testing
