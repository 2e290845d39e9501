// A connection to vita-server: the channel (plain or TLS), the stub, per-call
// deadlines and the bearer token, and the translation of gRPC failures into
// the one-line messages `vita` prints (see exit_codes.h).
#ifndef VITA_CLI_CONNECTION_H_
#define VITA_CLI_CONNECTION_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
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

  // Calls `method` with a fresh context (deadline, token). `resource` names
  // what the call is about, for messages like "not found: profiles/x".
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (vita::v1::ProfileService::Stub::*method)(
          grpc::ClientContext*, const Request&, Response*),
      const Request& request, absl::string_view resource) {
    return CallOn(*stub_, method, request, resource);
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

  // The one-line error for a failed call about `resource`.
  absl::Status Translate(const grpc::Status& status,
                         absl::string_view resource) const;

 private:
  explicit Connection(ConnectionOptions options) : options_(options) {}
  void Prepare(grpc::ClientContext& context) const;

  ConnectionOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<vita::v1::ProfileService::Stub> stub_;
};

}  // namespace vita::cli

#endif  // VITA_CLI_CONNECTION_H_
