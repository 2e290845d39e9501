// Tests of server/domain/token_service.cc with a real store on a SQLite file
// and a clock the test moves.
#include "server/domain/token_service.h"

#include <openssl/sha.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/domain/profile_service_fixture.h"

namespace vita::domain {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::MatchesRegex;

// 2026-01-01T00:00:00Z.
constexpr int64_t kStart = 1767225600;

class TokenServiceTest : public ProfileServiceFixture {
 protected:
  void SetUp() override {
    ProfileServiceFixture::SetUp();
    tokens_ = std::make_unique<TokenService>(
        store_.get(), [this] { return absl::FromUnixSeconds(now_.load()); });
    v1::CreateProfileRequest ann;
    ann.set_profile_id("ann");
    ann.mutable_profile()->set_display_name("Ann");
    ASSERT_TRUE(profiles_->CreateProfile(ann, Caller::Admin()).ok());
  }

  v1::CreateTokenResponse Create(int64_t ttl_seconds = 0) {
    v1::CreateTokenRequest request;
    request.set_profile("profiles/ann");
    request.set_label("ann's laptop");
    if (ttl_seconds > 0) request.mutable_ttl()->set_seconds(ttl_seconds);
    absl::StatusOr<v1::CreateTokenResponse> created =
        tokens_->CreateToken(request);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : v1::CreateTokenResponse();
  }
  std::vector<v1::Token> List() {
    absl::StatusOr<v1::ListTokensResponse> listed =
        tokens_->ListTokens(v1::ListTokensRequest());
    EXPECT_TRUE(listed.ok()) << listed.status();
    return {listed->tokens().begin(), listed->tokens().end()};
  }

  std::atomic<int64_t> now_{kStart};
  std::unique_ptr<TokenService> tokens_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST_F(TokenServiceTest, CreatedTokenHasAVisibleIdAnd256BitSecret) {
  v1::CreateTokenResponse created = Create();
  EXPECT_THAT(created.bearer_token(),
              MatchesRegex("vita_[0-9a-f]{12}_[0-9a-f]{64}"));
  std::string id = created.bearer_token().substr(5, 12);
  EXPECT_EQ(created.token().name(), "tokens/" + id);
  EXPECT_EQ(created.token().profile(), "profiles/ann");
  EXPECT_EQ(created.token().label(), "ann's laptop");
  EXPECT_EQ(TimeUtil::ToString(created.token().create_time()),
            "2026-01-01T00:00:00Z");
  // Unset ttl: 90 days.
  EXPECT_EQ(TimeUtil::ToString(created.token().expire_time()),
            "2026-04-01T00:00:00Z");
  EXPECT_FALSE(created.token().has_last_use_time());
  v1::CreateTokenResponse other = Create();
  EXPECT_NE(other.bearer_token().substr(5, 12), id);
  EXPECT_NE(other.bearer_token().substr(18), created.bearer_token().substr(18));
}

TEST_F(TokenServiceTest, DatabaseHoldsOnlyTheSha256OfTheSecret) {
  v1::CreateTokenResponse created = Create();
  std::string secret = created.bearer_token().substr(18);
  std::string id = created.bearer_token().substr(5, 12);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
         digest);
  absl::StatusOr<std::optional<store::TokenRow>> row;
  ASSERT_TRUE(store_
                  ->Read([&](store::Transaction& txn) {
                    row = txn.GetToken(id);
                    return row.status();
                  })
                  .ok());
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->secret_digest,
            std::string(reinterpret_cast<char*>(digest), sizeof(digest)));
  // Neither the secret nor its raw bytes are anywhere in the files.
  std::string files = ReadAll(db_path_) + ReadAll(db_path_ + "-wal");
  ASSERT_NE(files.find(id), std::string::npos);  // the row is there
  EXPECT_EQ(files.find(secret), std::string::npos);
  EXPECT_EQ(files.find(absl::HexStringToBytes(secret)), std::string::npos);
}

TEST_F(TokenServiceTest, VerifyAcceptsTheTokenAndNamesItsProfile) {
  v1::CreateTokenResponse created = Create();
  absl::StatusOr<EditorToken> editor = tokens_->Verify(created.bearer_token());
  ASSERT_TRUE(editor.ok()) << editor.status();
  EXPECT_EQ(editor->id, created.bearer_token().substr(5, 12));
  EXPECT_EQ(editor->label, "ann's laptop");
  EXPECT_EQ(editor->profile_id, "ann");
}

TEST_F(TokenServiceTest, VerifyRefusesWrongUnknownAndMalformedTokens) {
  std::string good = Create().bearer_token();
  std::string wrong_secret = good;
  wrong_secret.back() = wrong_secret.back() == '0' ? '1' : '0';
  std::string unknown_id = good;
  unknown_id[5] = unknown_id[5] == '0' ? '1' : '0';
  for (const std::string& bad :
       {wrong_secret, unknown_id, good.substr(0, good.size() - 1), good + "0",
        std::string("vita_"), "vita__" + good.substr(18),
        "vita_" + good.substr(5, 12), good + "_0"}) {
    absl::StatusOr<EditorToken> editor = tokens_->Verify(bad);
    EXPECT_TRUE(absl::IsUnauthenticated(editor.status())) << bad;
    EXPECT_EQ(editor.status().message(), "the bearer token is not valid")
        << bad;
  }
}

TEST_F(TokenServiceTest, TokenExpiresAtItsTtl) {
  std::string bearer = Create(/*ttl_seconds=*/3600).bearer_token();
  now_ = kStart + 3599;
  EXPECT_TRUE(tokens_->Verify(bearer).ok());
  now_ = kStart + 3600;
  absl::StatusOr<EditorToken> editor = tokens_->Verify(bearer);
  EXPECT_TRUE(absl::IsUnauthenticated(editor.status())) << editor.status();
  EXPECT_EQ(
      editor.status().message(),
      "token \"" + bearer.substr(5, 12) + "\" expired at 2026-01-01T01:00:00Z");
}

TEST_F(TokenServiceTest, RevokedTokenIsRefusedAtOnce) {
  std::string bearer = Create().bearer_token();
  ASSERT_TRUE(tokens_->Verify(bearer).ok());
  v1::RevokeTokenRequest revoke;
  revoke.set_name("tokens/" + bearer.substr(5, 12));
  ASSERT_TRUE(tokens_->RevokeToken(revoke).ok());
  EXPECT_TRUE(absl::IsUnauthenticated(tokens_->Verify(bearer).status()));
  EXPECT_TRUE(List().empty());
  absl::Status again = tokens_->RevokeToken(revoke);
  EXPECT_TRUE(absl::IsNotFound(again)) << again;
  EXPECT_EQ(again.message(), "token \"" + revoke.name() + "\" not found");
}

TEST_F(TokenServiceTest, RevokeNamesTheRuleOfTokenNames) {
  v1::RevokeTokenRequest revoke;
  for (const char* name : {"", "abc", "tokens/", "tokens/ABCDEF012345",
                           "tokens/0123456789abc", "profiles/ann"}) {
    revoke.set_name(name);
    absl::Status status = tokens_->RevokeToken(revoke);
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << name;
    EXPECT_EQ(status.message(),
              std::string("name: must be tokens/{id} with an id of 12 hex "
                          "digits (got \"") +
                  name + "\")");
  }
}

TEST_F(TokenServiceTest, UseIsRecordedAtMostOnceAMinute) {
  std::string bearer = Create().bearer_token();
  now_ = kStart + 10;
  ASSERT_TRUE(tokens_->Verify(bearer).ok());
  EXPECT_EQ(TimeUtil::ToString(List()[0].last_use_time()),
            "2026-01-01T00:00:10Z");
  now_ = kStart + 69;
  ASSERT_TRUE(tokens_->Verify(bearer).ok());
  EXPECT_EQ(TimeUtil::ToString(List()[0].last_use_time()),
            "2026-01-01T00:00:10Z");
  now_ = kStart + 70;
  ASSERT_TRUE(tokens_->Verify(bearer).ok());
  EXPECT_EQ(TimeUtil::ToString(List()[0].last_use_time()),
            "2026-01-01T00:01:10Z");
}

TEST_F(TokenServiceTest, BadCreateRequestsNameTheFieldAndStoreNothing) {
  struct Case {
    std::string profile, label;
    int64_t ttl_seconds;
    absl::StatusCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"profiles/zed", "", 0, absl::StatusCode::kNotFound,
       "profile \"profiles/zed\" not found"},
      {"ann", "", 0, absl::StatusCode::kInvalidArgument, "profile: "},
      {"profiles/ann", std::string(101, 'x'), 0,
       absl::StatusCode::kInvalidArgument,
       "label: must be at most 100 characters (got 101)"},
      {"profiles/ann", "a\nb", 0, absl::StatusCode::kInvalidArgument,
       "label: must not contain control characters"},
      {"profiles/ann", "", -1, absl::StatusCode::kInvalidArgument,
       "ttl: must be from 1s to 3650 days (got -1s)"},
      {"profiles/ann", "", 3651 * 86400, absl::StatusCode::kInvalidArgument,
       "ttl: must be from 1s to 3650 days (got 315446400s)"},
  };
  for (const Case& c : cases) {
    v1::CreateTokenRequest request;
    request.set_profile(c.profile);
    request.set_label(c.label);
    if (c.ttl_seconds != 0) request.mutable_ttl()->set_seconds(c.ttl_seconds);
    absl::Status status = tokens_->CreateToken(request).status();
    EXPECT_EQ(status.code(), c.code) << status;
    EXPECT_EQ(status.message().substr(0, c.message.size()), c.message);
  }
  // 100 characters of UTF-8 (200 bytes) are fine.
  v1::CreateTokenRequest request;
  request.set_profile("profiles/ann");
  std::string label;
  for (int i = 0; i < 100; ++i) label += "\xc3\xa9";  // é
  request.set_label(label);
  EXPECT_TRUE(tokens_->CreateToken(request).ok());
  EXPECT_EQ(List().size(), 1u);
}

}  // namespace
}  // namespace vita::domain
