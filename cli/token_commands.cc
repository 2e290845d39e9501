// vita token create|list|revoke: the admin hands out, lists and revokes
// editor tokens (vita.v1.TokenService), each of which may change one
// profile only. Every command needs the admin token.
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "common/resource_name.h"
#include "google/protobuf/util/time_util.h"
#include "vita/v1/token_service.grpc.pb.h"

namespace vita::cli {
namespace {

using google::protobuf::util::TimeUtil;
using vita::v1::TokenService;

constexpr absl::string_view kTokenNamePrefix = "tokens/";

// A duration of days, hours, minutes and seconds: "90d", "12h", "1d12h",
// "30m", "3600s". INVALID_ARGUMENT naming --expires otherwise.
absl::StatusOr<absl::Duration> ParseExpires(absl::string_view text) {
  absl::Status bad = absl::InvalidArgumentError(absl::StrCat(
      "--expires: want a duration like 90d, 12h, 1d12h, 30m or 3600s (got \"",
      text, "\")"));
  absl::Duration total;
  absl::string_view rest = text;
  if (rest.empty()) return bad;
  while (!rest.empty()) {
    size_t digits = 0;
    while (digits < rest.size() && absl::ascii_isdigit(rest[digits])) ++digits;
    int64_t value = 0;
    if (digits == 0 || digits > 9 || digits == rest.size() ||
        !absl::SimpleAtoi(rest.substr(0, digits), &value)) {
      return bad;
    }
    switch (rest[digits]) {
      case 'd':
        total += absl::Hours(24 * value);
        break;
      case 'h':
        total += absl::Hours(value);
        break;
      case 'm':
        total += absl::Minutes(value);
        break;
      case 's':
        total += absl::Seconds(value);
        break;
      default:
        return bad;
    }
    rest.remove_prefix(digits + 1);
  }
  return total;
}

std::string TimeCell(const google::protobuf::Timestamp& time) {
  return TimeUtil::ToString(time);
}

void RenderTokens(const v1::ListTokensResponse& listed, std::ostream& out) {
  Table table({"ID", "PROFILE", "LABEL", "CREATED", "LAST USED", "EXPIRES"});
  const google::protobuf::Timestamp now = TimeUtil::GetCurrentTime();
  for (const v1::Token& token : listed.tokens()) {
    table.AddRow(
        {std::string(ItemIdOf(token.name())),
         std::string(ItemIdOf(token.profile())), Truncate(token.label(), 30),
         TimeCell(token.create_time()),
         token.has_last_use_time() ? TimeCell(token.last_use_time()) : "never",
         absl::StrCat(TimeCell(token.expire_time()),
                      token.expire_time() <= now ? " (expired)" : "")});
  }
  table.Print(out, "no tokens");
}

}  // namespace

void AddTokenCommands(CLI::App& app, Context& ctx) {
  CLI::App* token = AddCommand(
      &app, "token", "Editor tokens: each may change one profile only (admin)",
      {"vita token create --profile ann --name \"ann's laptop\" > ann.token",
       "vita token list", "vita token revoke 3f9a0c12be47",
       "An editor token may update its profile and add, edit and remove "
       "that profile's news and publications; nothing else. These commands "
       "need the admin token."});
  token->require_subcommand(1);

  auto label = std::make_shared<std::string>();
  auto expires = std::make_shared<std::string>();
  CLI::App* create = AddCommand(
      token, "create",
      "Make an editor token for the profile of --profile and print it alone "
      "on stdout (shown only this once)",
      {"vita token create --profile ann --expires 30d > ann.token",
       "VITA_TOKEN=$(cat ann.token) vita --profile ann news add --date "
       "2025-01 \"Hello\"",
       "The profile comes from --profile (or VITA_PROFILE); the token is the "
       "only line on stdout, the note on stderr."});
  create->add_option("--name", *label,
                     "A label for the token, e.g. \"ann's laptop\" (up to "
                     "100 characters)");
  create->add_option("--expires", *expires,
                     "How long it is valid: 90d, 12h, 1d12h, 30m, 3600s "
                     "(default 90d, at most 3650d)");
  SetAction(create, ctx, [&ctx, label, expires]() -> absl::Status {
    if (ctx.options.profile.empty()) {
      return UsageError(
          "vita token create: which profile? name it with --profile ID (or "
          "VITA_PROFILE)");
    }
    v1::CreateTokenRequest request;
    VITA_ASSIGN_OR_RETURN(std::string profile,
                          ctx.ProfileName(ctx.options.profile));
    request.set_profile(profile);
    request.set_label(*label);
    if (!expires->empty()) {
      VITA_ASSIGN_OR_RETURN(absl::Duration ttl, ParseExpires(*expires));
      request.mutable_ttl()->set_seconds(absl::ToInt64Seconds(ttl));
    }
    VITA_ASSIGN_OR_RETURN(Connection * connection, ctx.connection());
    auto stub = TokenService::NewStub(connection->channel());
    VITA_ASSIGN_OR_RETURN(
        v1::CreateTokenResponse created,
        connection->CallOn(*stub, &TokenService::Stub::CreateToken, request,
                           profile));
    ctx.out << created.bearer_token() << "\n";
    ctx.Note(absl::StrCat("created token ", ItemIdOf(created.token().name()),
                          " for ", profile, ", valid until ",
                          TimeCell(created.token().expire_time()),
                          "; it is shown only now"));
    return absl::OkStatus();
  });

  CLI::App* list = token->add_subcommand(
      "list",
      "List editor tokens: id, profile, label, created, last used, expiry "
      "(never the secret)");
  list->alias("ls");
  SetAction(list, ctx, [&ctx]() -> absl::Status {
    VITA_ASSIGN_OR_RETURN(Connection * connection, ctx.connection());
    auto stub = TokenService::NewStub(connection->channel());
    VITA_ASSIGN_OR_RETURN(
        v1::ListTokensResponse listed,
        connection->CallOn(*stub, &TokenService::Stub::ListTokens,
                           v1::ListTokensRequest(), "tokens"));
    return PrintRecord(ctx, listed, [&] { RenderTokens(listed, ctx.out); });
  });

  auto revoke_id = std::make_shared<std::string>();
  CLI::App* revoke = token->add_subcommand(
      "revoke", "Revoke an editor token; it is refused from now on");
  revoke
      ->add_option("TOKEN_ID", *revoke_id,
                   "The token's id, as `vita token list` shows it")
      ->required();
  SetAction(revoke, ctx, [&ctx, revoke_id]() -> absl::Status {
    std::string name = absl::StartsWith(*revoke_id, kTokenNamePrefix)
                           ? *revoke_id
                           : absl::StrCat(kTokenNamePrefix, *revoke_id);
    v1::RevokeTokenRequest request;
    request.set_name(name);
    VITA_ASSIGN_OR_RETURN(Connection * connection, ctx.connection());
    auto stub = TokenService::NewStub(connection->channel());
    VITA_RETURN_IF_ERROR(
        connection
            ->CallOn(*stub, &TokenService::Stub::RevokeToken, request, name)
            .status());
    ctx.Note(absl::StrCat("revoked ", name));
    return absl::OkStatus();
  });
}

}  // namespace vita::cli
