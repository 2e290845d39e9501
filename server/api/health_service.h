// grpc.health.v1.Health for vita-server, in place of gRPC's default health
// service. The default one, on shutdown, tells Watch streams NOT_SERVING but
// keeps them open, so a single watcher held vita-server's graceful shutdown
// for its whole deadline (10 s) after the last real call had finished. This
// one ends every Watch stream once it has sent NOT_SERVING.
#ifndef VITA_SERVER_API_HEALTH_SERVICE_H_
#define VITA_SERVER_API_HEALTH_SERVICE_H_

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace vita::api {

// Knows two service names: "" (the server as a whole) and
// "vita.v1.ProfileService"; both are SERVING until Shutdown(). Check on any
// other name is NOT_FOUND; Watch on one sends SERVICE_UNKNOWN.
class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  HealthService() = default;
  HealthService(const HealthService&) = delete;
  HealthService& operator=(const HealthService&) = delete;

  // From now on Check answers NOT_SERVING, and every Watch stream, open or
  // new, is sent NOT_SERVING and then ends with status OK. Call it before
  // grpc::Server::Shutdown, so that watchers learn it before the server
  // refuses new calls.
  void Shutdown();

  grpc::ServerUnaryReactor* Check(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request,
      grpc::health::v1::HealthCheckResponse* response) override;
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class Watcher;
  void Forget(Watcher* watcher);

  absl::Mutex mu_;
  bool serving_ ABSL_GUARDED_BY(mu_) = true;
  absl::flat_hash_set<Watcher*> watchers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace vita::api

#endif  // VITA_SERVER_API_HEALTH_SERVICE_H_
