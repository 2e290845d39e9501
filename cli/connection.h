// A connection to vita-server: the channel (plain or TLS), the stub, per-call
// deadlines and the bearer token, and the translation of gRPC failures into
// the one-line messages `vita` prints (see exit_codes.h).
#ifndef VITA_CLI_CONNECTION_H_
#define VITA_CLI_CONNECTION_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <type_traits>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "vita/v1/history_service.grpc.pb.h"
#include "vita/v1/profile_service.grpc.pb.h"

namespace vita::cli {

struct ConnectionOptions {
  std::string server;  // HOST:PORT
  std::string token;   // empty: calls carry no authorization
  bool tls = false;
  std::string ca_file;  // PEM roots for TLS; system roots when empty
  double timeout_seconds = 10;
};

class Connection {
 public:
  // Creates the channel; does not connect yet (the first call does).
  static absl::StatusOr<std::unique_ptr<Connection>> Open(
      ConnectionOptions options);

  const std::string& server() const { return options_.server; }
  bool has_token() const { return !options_.token.empty(); }

  // Calls `method` (of vita.v1.ProfileService or vita.v1.HistoryService)
  // with a fresh context (deadline, token). `resource` names what the call
  // is about, for messages like "not found: profiles/x".
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      const Request& request, absl::string_view resource) {
    if constexpr (std::is_same_v<Stub, vita::v1::HistoryService::Stub>) {
      return CallOn(*history_stub_, method, request, resource);
    } else {
      return CallOn(*stub_, method, request, resource);
    }
  }

  // Call() on the stub of another service (vita.v1.TokenService), made on
  // channel().
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> CallOn(
      Stub& stub,
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      const Request& request, absl::string_view resource) {
    grpc::ClientContext context;
    Prepare(context);
    Response response;
    grpc::Status status = (stub.*method)(&context, request, &response);
    if (!status.ok()) return Translate(status, resource);
    return response;
  }

  // The channel to the server, shared by every stub made on it.
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  // Calls HistoryService.Backup and hands each chunk to `each`, in order;
  // stops at the first error `each` returns.
  absl::Status ReadBackup(
      absl::FunctionRef<absl::Status(const vita::v1::BackupChunk&)> each);

  // The one-line error for a failed call about `resource`.
  absl::Status Translate(const grpc::Status& status,
                         absl::string_view resource) const;

 private:
  explicit Connection(ConnectionOptions options) : options_(options) {}
  void Prepare(grpc::ClientContext& context) const;

  ConnectionOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<vita::v1::ProfileService::Stub> stub_;
  std::unique_ptr<vita::v1::HistoryService::Stub> history_stub_;
};

}  // namespace vita::cli

#endif  // VITA_CLI_CONNECTION_H_
