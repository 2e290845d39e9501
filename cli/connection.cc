#include "cli/connection.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"

namespace vita::cli {

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(
    ConnectionOptions options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls) {
    grpc::SslCredentialsOptions ssl;
    if (!options.ca_file.empty()) {
      std::ifstream in(options.ca_file);
      if (!in) {
        return absl::NotFoundError(
            absl::StrCat("cannot read CA file ", options.ca_file));
      }
      std::stringstream pem;
      pem << in.rdbuf();
      ssl.pem_root_certs = pem.str();
    }
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  std::unique_ptr<Connection> connection(new Connection(options));
  grpc::ChannelArguments args;
  // Fail fast when the server is down instead of backing off for seconds.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH, 64 << 20);
  connection->channel_ =
      grpc::CreateCustomChannel(options.server, credentials, args);
  connection->stub_ = vita::v1::ProfileService::NewStub(connection->channel_);
  connection->history_stub_ =
      vita::v1::HistoryService::NewStub(connection->channel_);
  return connection;
}

void Connection::Prepare(grpc::ClientContext& context) const {
  auto deadline = std::chrono::system_clock::now() +
                  std::chrono::milliseconds(
                      static_cast<int64_t>(options_.timeout_seconds * 1000));
  context.set_deadline(deadline);
  if (!options_.token.empty()) {
    context.AddMetadata("authorization", "Bearer " + options_.token);
  }
}

absl::Status Connection::ReadBackup(
    absl::FunctionRef<absl::Status(const vita::v1::BackupChunk&)> each) {
  grpc::ClientContext context;
  Prepare(context);
  std::unique_ptr<grpc::ClientReader<vita::v1::BackupChunk>> reader =
      history_stub_->Backup(&context, vita::v1::BackupRequest());
  vita::v1::BackupChunk chunk;
  absl::Status failed;
  while (reader->Read(&chunk)) {
    if (failed.ok()) failed = each(chunk);
    if (!failed.ok()) context.TryCancel();
  }
  grpc::Status status = reader->Finish();
  if (!failed.ok()) return failed;
  if (!status.ok()) return Translate(status, "the backup");
  return absl::OkStatus();
}

absl::Status Connection::Translate(const grpc::Status& status,
                                   absl::string_view resource) const {
  const std::string& message = status.error_message();
  // " (MESSAGE)" after the resource, unless the message says no more.
  const std::string detail =
      message.empty() || absl::StrContains(message, resource)
          ? ""
          : absl::StrCat(" (", message, ")");
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      return absl::UnavailableError(
          absl::StrCat("cannot reach vita-server at ", options_.server,
                       options_.tls ? " over TLS (is it running, and does it "
                                      "speak TLS? set --server or VITA_SERVER)"
                                    : " (is it running? set --server or "
                                      "VITA_SERVER)"));
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::DeadlineExceededError(absl::StrCat(
          "vita-server at ", options_.server, " did not answer within ",
          options_.timeout_seconds, "s (see --timeout)"));
    case grpc::StatusCode::UNAUTHENTICATED:
      return absl::UnauthenticatedError(absl::StrCat(
          "not authorized: set VITA_TOKEN or --token-file to the admin token "
          "or an editor token",
          options_.token.empty()
              ? " (no token was sent)"
              : absl::StrCat(" (the server refused the token: ", message,
                             ")")));
    case grpc::StatusCode::PERMISSION_DENIED:
      // An editor token beyond its profile: the server says which profile.
      return absl::PermissionDeniedError(
          absl::StrCat("not authorized: ", message));
    case grpc::StatusCode::INVALID_ARGUMENT:
      return absl::InvalidArgumentError(
          absl::StrCat("invalid argument: ", message));
    case grpc::StatusCode::NOT_FOUND:
      return absl::NotFoundError(absl::StrCat("not found: ", resource, detail));
    case grpc::StatusCode::ABORTED:
      return absl::AbortedError(absl::StrCat(
          resource, " was changed by someone else meanwhile (stale etag)"));
    case grpc::StatusCode::ALREADY_EXISTS:
      return absl::AlreadyExistsError(
          absl::StrCat("already exists: ", resource, detail));
    case grpc::StatusCode::FAILED_PRECONDITION:
      return absl::FailedPreconditionError(message);
    default:
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          absl::StrCat("vita-server: ", message));
  }
}

}  // namespace vita::cli
