#include "cli/context.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace vita::cli {

absl::StatusOr<Connection*> Context::connection() {
  if (connection_) return connection_.get();
  absl::StatusOr<std::string> token = LoadToken(options);
  if (!token.ok()) return token.status();
  ConnectionOptions connection_options;
  connection_options.server = options.server;
  connection_options.token = *token;
  connection_options.tls = options.tls;
  connection_options.ca_file = options.ca_file;
  connection_options.timeout_seconds = options.timeout_seconds;
  absl::StatusOr<std::unique_ptr<Connection>> connection =
      Connection::Open(connection_options);
  if (!connection.ok()) return connection.status();
  connection_ = std::move(*connection);
  return connection_.get();
}

absl::StatusOr<OutputFormat> Context::format() const {
  return ParseOutputFormat(options.output);
}

absl::StatusOr<std::string> Context::ProfileName(absl::string_view arg) {
  std::string id(arg.empty() ? options.profile : arg);
  if (!id.empty()) {
    if (absl::StartsWith(id, "profiles/")) {
      std::vector<std::string> parts = absl::StrSplit(id, '/');
      return absl::StrCat("profiles/", parts[1]);
    }
    return absl::StrCat("profiles/", id);
  }
  absl::StatusOr<Connection*> conn = connection();
  if (!conn.ok()) return conn.status();
  vita::v1::ListProfilesRequest request;
  request.set_page_size(2);
  auto response = (*conn)->Call(&vita::v1::ProfileService::Stub::ListProfiles,
                                request, "profiles");
  if (!response.ok()) return response.status();
  if (response->profiles_size() == 1) return response->profiles(0).name();
  if (response->profiles_size() == 0) {
    return absl::NotFoundError(
        "not found: no profile on the server yet (create one with `vita "
        "profile create ID --display-name NAME`)");
  }
  return absl::InvalidArgumentError(
      "which profile? pass --profile ID or set VITA_PROFILE (see `vita "
      "profile list`)");
}

absl::StatusOr<std::string> Context::ChildName(absl::string_view collection,
                                               absl::string_view id) {
  if (absl::StartsWith(id, "profiles/")) return std::string(id);
  absl::StatusOr<std::string> profile = ProfileName("");
  if (!profile.ok()) return profile.status();
  return absl::StrCat(*profile, "/", collection, "/", id);
}

void SetAction(CLI::App* app, Context& context,
               std::function<absl::Status()> fn) {
  app->callback([&context, fn] { context.action = fn; });
}

std::string IdOf(absl::string_view name) {
  size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name
                                                      : name.substr(slash + 1));
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
