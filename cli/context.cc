#include "cli/context.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace vita::cli {

absl::Status RefusedName(const absl::Status& status) {
  if (status.ok() || !absl::IsInvalidArgument(status)) return status;
  return absl::InvalidArgumentError(
      absl::StrCat("invalid argument: ", status.message()));
}

absl::StatusOr<Connection*> Context::connection() {
  if (connection_) return connection_.get();
  VITA_ASSIGN_OR_RETURN(std::string token, LoadToken(options));
  ConnectionOptions connection_options;
  connection_options.server = options.server;
  connection_options.token = token;
  connection_options.tls = options.tls;
  connection_options.ca_file = options.ca_file;
  connection_options.timeout_seconds = options.timeout_seconds;
  VITA_ASSIGN_OR_RETURN(connection_, Connection::Open(connection_options));
  return connection_.get();
}

absl::StatusOr<OutputFormat> Context::format() const {
  return ParseOutputFormat(options.output);
}

absl::StatusOr<std::string> Context::ProfileName(absl::string_view arg) {
  VITA_ASSIGN_OR_RETURN(std::string profile_id, ProfileId(arg));
  return vita::ProfileName(profile_id);
}

absl::StatusOr<std::string> Context::ProfileId(absl::string_view arg) {
  std::string id(arg.empty() ? options.profile : arg);
  if (!id.empty()) {
    if (!absl::StartsWith(id, "profiles/")) return id;
    absl::StatusOr<ResourceName> name = ParseResourceName("profile", id);
    if (!name.ok()) return RefusedName(name.status());
    return name->profile_id;
  }
  VITA_ASSIGN_OR_RETURN(Connection * conn, connection());
  vita::v1::ListProfilesRequest request;
  request.set_page_size(2);
  VITA_ASSIGN_OR_RETURN(
      vita::v1::ListProfilesResponse response,
      conn->Call(&vita::v1::ProfileService::Stub::ListProfiles, request,
                 "profiles"));
  if (response.profiles_size() == 1) {
    return ParseProfileName("profile", response.profiles(0).name());
  }
  if (response.profiles_size() == 0) {
    return absl::NotFoundError(
        "not found: no profile on the server yet (create one with `vita "
        "profile add ID --display-name NAME`)");
  }
  return absl::InvalidArgumentError(
      "which profile? pass --profile ID or set VITA_PROFILE (see `vita "
      "profile list`)");
}

absl::StatusOr<std::string> Context::ItemName(Collection collection,
                                              absl::string_view id) {
  if (absl::StartsWith(id, "profiles/")) {
    absl::StatusOr<vita::ItemName> name = ParseItemName(collection, "name", id);
    if (!name.ok()) return RefusedName(name.status());
    return ItemResourceName(collection, name->profile_id, name->id);
  }
  VITA_ASSIGN_OR_RETURN(std::string profile_id, ProfileId(""));
  return ItemResourceName(collection, profile_id, id);
}

void SetAction(CLI::App* app, Context& context,
               std::function<absl::Status()> fn) {
  app->callback([&context, fn] { context.action = fn; });
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::stringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  buffer << in.rdbuf();
  return buffer.str();
}

absl::Status WriteFile(const std::string& path, absl::string_view contents,
                       std::ostream& out) {
  if (path.empty() || path == "-") {
    out << contents;
    return absl::OkStatus();
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << contents;
  file.close();
  if (!file) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace vita::cli
