// Tests of server/api/token_service.cc through a real server: the admin
// creates, lists and revokes editor tokens; nobody else may.
#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/api/integration_test_base.h"
#include "tests/support/grpc_status_is.h"

namespace vita::testing {
namespace {

class TokenServiceIntegrationTest : public IntegrationTest {
 protected:
  void SetUp() override {
    IntegrationTest::SetUp();
    if (HasFatalFailure()) return;
    grpc::ClientContext context;
    Authorize(context, kTestAdminToken);
    ASSERT_TRUE(CreateAnn(*stub_, context).ok());
  }

  v1::ListTokensResponse List() {
    v1::ListTokensResponse listed;
    grpc::Status status = token_stub_->ListTokens(Context().get(), {}, &listed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return listed;
  }
};

TEST_F(TokenServiceIntegrationTest, AdminCreatesListsAndRevokesTokens) {
  v1::CreateTokenRequest create;
  create.set_profile("profiles/ann");
  create.set_label("ann's laptop");
  v1::CreateTokenResponse created;
  grpc::Status status =
      token_stub_->CreateToken(Context().get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(created.bearer_token(),
              ::testing::MatchesRegex("vita_[0-9a-f]{12}_[0-9a-f]{64}"));
  std::string secret = created.bearer_token().substr(18);

  v1::ListTokensResponse listed = List();
  ASSERT_EQ(listed.tokens_size(), 1);
  EXPECT_EQ(listed.tokens(0).name(), created.token().name());
  EXPECT_EQ(listed.tokens(0).profile(), "profiles/ann");
  EXPECT_EQ(listed.tokens(0).label(), "ann's laptop");
  EXPECT_FALSE(listed.tokens(0).has_last_use_time());
  EXPECT_EQ(listed.SerializeAsString().find(secret), std::string::npos);

  // A write with the token records its use.
  grpc::ClientContext edit;
  Authorize(edit, created.bearer_token());
  v1::UpdateProfileRequest update;
  update.mutable_profile()->set_name("profiles/ann");
  update.mutable_profile()->set_headline("Ph.D. student");
  update.mutable_update_mask()->add_paths("headline");
  v1::Profile updated;
  ASSERT_TRUE(stub_->UpdateProfile(&edit, update, &updated).ok());
  EXPECT_TRUE(List().tokens(0).has_last_use_time());

  v1::RevokeTokenRequest revoke;
  revoke.set_name(created.token().name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(token_stub_->RevokeToken(Context().get(), revoke, &empty).ok());
  EXPECT_EQ(List().tokens_size(), 0);
  status = token_stub_->RevokeToken(Context().get(), revoke, &empty);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(TokenServiceIntegrationTest, TokenOfAMissingProfileIsNotFound) {
  v1::CreateTokenRequest create;
  create.set_profile("profiles/zed");
  v1::CreateTokenResponse created;
  EXPECT_THAT(token_stub_->CreateToken(Context().get(), create, &created),
              GrpcStatusIs(grpc::StatusCode::NOT_FOUND,
                           "profile \"profiles/zed\" not found"));
  EXPECT_EQ(List().tokens_size(), 0);
}

TEST_F(TokenServiceIntegrationTest, OnlyTheAdminManagesTokens) {
  auto editor =
      CreateEditorToken(server_->address(), kTestAdminToken, "profiles/ann");
  ASSERT_TRUE(editor.ok()) << editor.status();
  std::string id = editor->token().name().substr(7);
  using Call = std::function<grpc::Status(grpc::ClientContext&)>;
  std::vector<std::pair<std::string, Call>> calls = {
      {"CreateToken",
       [&](grpc::ClientContext& c) {
         v1::CreateTokenRequest r;
         r.set_profile("profiles/ann");
         v1::CreateTokenResponse out;
         return token_stub_->CreateToken(&c, r, &out);
       }},
      {"ListTokens",
       [&](grpc::ClientContext& c) {
         v1::ListTokensResponse out;
         return token_stub_->ListTokens(&c, {}, &out);
       }},
      {"RevokeToken",
       [&](grpc::ClientContext& c) {
         v1::RevokeTokenRequest r;
         r.set_name(editor->token().name());
         google::protobuf::Empty out;
         return token_stub_->RevokeToken(&c, r, &out);
       }},
  };
  for (const auto& [method, call] : calls) {
    grpc::ClientContext none;
    EXPECT_EQ(call(none).error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << method;
    grpc::ClientContext wrong;
    Authorize(wrong, "not-the-admin-token");
    EXPECT_EQ(call(wrong).error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << method;
    grpc::ClientContext as_editor;
    Authorize(as_editor, editor->bearer_token());
    EXPECT_THAT(call(as_editor),
                GrpcStatusIs(grpc::StatusCode::PERMISSION_DENIED,
                             "token \"" + id +
                                 "\" may edit profiles/ann only (managing "
                                 "tokens needs the admin token)"))
        << method;
  }
  ASSERT_EQ(List().tokens_size(), 1);
  EXPECT_EQ(List().tokens(0).name(), editor->token().name());
}

}  // namespace
}  // namespace vita::testing
