#include "server/api/health_service.h"

#include <atomic>
#include <string>
#include <vector>

namespace vita::api {
namespace {

using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

bool Known(const std::string& service) {
  return service.empty() || service == "vita.v1.ProfileService";
}

}  // namespace

// One Watch stream. It owns itself: the call holds one reference until
// OnDone, and Shutdown() holds one while it talks to the watcher.
class HealthService::Watcher final
    : public grpc::ServerWriteReactor<HealthCheckResponse> {
 public:
  // Sends `status` at once, and ends the stream after it if `last`.
  Watcher(HealthService* service, HealthCheckResponse::ServingStatus status,
          bool last)
      : service_(service),
        known_(status != HealthCheckResponse::SERVICE_UNKNOWN) {
    absl::MutexLock lock(&mu_);
    SendLocked(status, last);
  }

  void Ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Unref() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  // The server is shutting down: NOT_SERVING, then the end of the stream.
  void Shutdown() {
    absl::MutexLock lock(&mu_);
    shutting_down_ = true;
    if (!write_pending_ && !finished_) SendLocked(LastStatus(), true);
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    write_pending_ = false;
    if (finished_) return;
    if (!ok || cancelled_) {
      finished_ = true;
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "watch cancelled"));
    } else if (shutting_down_) {
      SendLocked(LastStatus(), true);
    }
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    // With a write pending, OnWriteDone finishes.
    if (!write_pending_ && !finished_) {
      finished_ = true;
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "watch cancelled"));
    }
  }

  void OnDone() override {
    service_->Forget(this);
    Unref();
  }

 private:
  HealthCheckResponse::ServingStatus LastStatus() const {
    return known_ ? HealthCheckResponse::NOT_SERVING
                  : HealthCheckResponse::SERVICE_UNKNOWN;
  }

  void SendLocked(HealthCheckResponse::ServingStatus status, bool last)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    response_.set_status(status);
    write_pending_ = true;
    if (last) {
      finished_ = true;
      StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
    } else {
      StartWrite(&response_);
    }
  }

  HealthService* const service_;
  const bool known_;
  std::atomic<int> refs_{1};
  absl::Mutex mu_;
  HealthCheckResponse response_ ABSL_GUARDED_BY(mu_);
  bool write_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
};

void HealthService::Shutdown() {
  std::vector<Watcher*> watchers;
  {
    absl::MutexLock lock(&mu_);
    if (!serving_) return;
    serving_ = false;
    for (Watcher* watcher : watchers_) {
      // Alive until Unref below, even if its call ends meanwhile.
      watcher->Ref();
      watchers.push_back(watcher);
    }
    watchers_.clear();
  }
  for (Watcher* watcher : watchers) {
    watcher->Shutdown();
    watcher->Unref();
  }
}

void HealthService::Forget(Watcher* watcher) {
  absl::MutexLock lock(&mu_);
  watchers_.erase(watcher);
}

grpc::ServerUnaryReactor* HealthService::Check(
    grpc::CallbackServerContext* context, const HealthCheckRequest* request,
    HealthCheckResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (!Known(request->service())) {
    reactor->Finish(
        grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service"));
    return reactor;
  }
  bool serving;
  {
    absl::MutexLock lock(&mu_);
    serving = serving_;
  }
  response->set_status(serving ? HealthCheckResponse::SERVING
                               : HealthCheckResponse::NOT_SERVING);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerWriteReactor<HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext* context, const HealthCheckRequest* request) {
  bool known = Known(request->service());
  absl::MutexLock lock(&mu_);
  if (!serving_) {
    return new Watcher(this,
                       known ? HealthCheckResponse::NOT_SERVING
                             : HealthCheckResponse::SERVICE_UNKNOWN,
                       /*last=*/true);
  }
  auto* watcher = new Watcher(this,
                              known ? HealthCheckResponse::SERVING
                                    : HealthCheckResponse::SERVICE_UNKNOWN,
                              /*last=*/false);
  watchers_.insert(watcher);
  return watcher;
}

}  // namespace vita::api
