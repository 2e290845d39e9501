#include "server/vita_server.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "server/api/profile_service.h"
#include "server/domain/homepages.h"
#include "server/store/store.h"

namespace vita {
namespace {

sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

void Log(const std::string& message) {
  std::cerr << "vita-server: " << message << std::endl;
}

// Loads the seed page unless its profile exists already, so that restarting
// with the same --seed never overwrites edits.
absl::Status Seed(domain::Homepages& homepages, const std::string& path) {
  std::ifstream in(path);
  std::stringstream json;
  json << in.rdbuf();
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  v1::ImportPageRequest request;
  v1::Page& page = *request.mutable_page();
  auto parsed = google::protobuf::util::JsonStringToMessage(json.str(), &page);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", parsed.message().as_string()));
  }
  v1::GetProfileRequest existing;
  existing.set_name(page.profile().name());
  absl::StatusOr<v1::Profile> found = homepages.GetProfile(existing);
  if (found.ok()) {
    Log(absl::StrCat("seed: ", page.profile().name(),
                     " exists already; left as it is"));
    return absl::OkStatus();
  }
  // Any other failure (a bad name, a duplicate record) must stop start-up,
  // not pass for "exists already".
  absl::StatusOr<v1::Page> imported = absl::IsNotFound(found.status())
                                          ? homepages.ImportPage(request)
                                          : found.status();
  if (!imported.ok()) {
    return absl::Status(imported.status().code(),
                        absl::StrCat(path, ": ", imported.status().message()));
  }
  Log(absl::StrCat("seed: loaded ", page.profile().name(), " (",
                   imported->news_size(), " news items, ",
                   imported->publications_size(), " publications)"));
  return absl::OkStatus();
}

}  // namespace

void BlockShutdownSignals() {
  sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int RunServer(const ServerConfig& config) {
  absl::StatusOr<std::unique_ptr<store::Store>> store =
      store::Store::Open(config.db_path);
  if (!store.ok()) {
    Log(absl::StrCat("cannot open database ", config.db_path, ": ",
                     store.status().message()));
    return 1;
  }
  domain::Homepages homepages(store->get());
  if (!config.seed_file.empty()) {
    if (absl::Status s = Seed(homepages, config.seed_file); !s.ok()) {
      Log(absl::StrCat("seed failed: ", s.message()));
      return 1;
    }
  }
  if (!config.admin_token) {
    Log("no admin token (--admin-token-file or VITA_ADMIN_TOKEN): every "
        "write will be refused");
  }

  api::ProfileService service(&homepages, api::AdminAuth(config.admin_token));
  // gRPC's built-in health service encodes its messages by hand; touching
  // the generated descriptor links health.pb.cc in, so that reflection can
  // describe grpc.health.v1.Health to grpcurl.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default, which would let a second server on
  // the same port silently take half the calls; a busy port must be an error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  int port = 0;
  builder.AddListeningPort(config.listen, grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    Log(absl::StrCat("cannot listen on ", config.listen,
                     " (address in use or invalid?)"));
    return 1;
  }
  std::string host = config.listen.substr(0, config.listen.rfind(':'));
  // Tests and scripts wait for this exact line.
  Log(absl::StrCat("listening on ", host, ":", port, " (database ",
                   config.db_path, ", schema version ",
                   (*store)->schema_version(), ")"));

  sigset_t signals = ShutdownSignals();
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  Log(absl::StrCat("received ", strsignal(signal_number),
                   "; finishing calls in flight (again to stop at once)"));
  // A second signal during the drain ends the process without waiting.
  std::thread([signals] {
    int second = 0;
    sigwait(&signals, &second);
    Log(absl::StrCat("received ", strsignal(second), " again; stopping now"));
    _exit(128 + second);
  }).detach();
  server->GetHealthCheckService()->Shutdown();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(10));
  server->Wait();
  Log("stopped");
  return 0;
}

}  // namespace vita
