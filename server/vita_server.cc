#include "server/vita_server.h"

#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log_line.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/support/server_interceptor.h"
#include "server/api/health_service.h"
#include "server/api/history_service.h"
#include "server/api/profile_service.h"
#include "server/api/token_service.h"
#include "server/domain/history_retention.h"
#include "server/domain/history_service.h"
#include "server/domain/profile_service.h"
#include "server/domain/token_service.h"
#include "server/memory_trimmer.h"
#include "server/publish/publisher.h"
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

void Log(const std::string& message) { LogLine("vita-server", message); }

// Loads the seed page unless its profile exists already, so that restarting
// with the same --seed never overwrites edits.
absl::Status Seed(domain::ProfileService& profiles, const std::string& path) {
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
  absl::StatusOr<v1::Profile> found = profiles.GetProfile(existing);
  if (found.ok()) {
    Log(absl::StrCat("seed: ", page.profile().name(),
                     " exists already; left as it is"));
    return absl::OkStatus();
  }
  // Any other failure (a bad name, a duplicate record) must stop start-up,
  // not pass for "exists already".
  absl::StatusOr<v1::Page> imported =
      absl::IsNotFound(found.status())
          ? profiles.ImportPage(request, domain::Caller::Admin())
          : found.status();
  if (!imported.ok()) {
    return absl::Status(imported.status().code(),
                        absl::StrCat(path, ": ", imported.status().message()));
  }
  Log(absl::StrCat("seed: loaded ", page.profile().name(), " (",
                   imported->news_size(), " news item(s), ",
                   imported->publications_size(), " publication(s))"));
  return absl::OkStatus();
}

// The test-only hook VITA_TEST_SLOW_CALL (see vita_server.h).
constexpr char kSlowCallVariable[] = "VITA_TEST_SLOW_CALL";

struct SlowCall {
  std::string method;  // "/vita.v1.ProfileService/CreateNewsItem"
  int milliseconds = 0;
};

// Reads VITA_TEST_SLOW_CALL=<Method>:<ms> once. No value: no hook. A value
// that does not parse, or names no method of ProfileService, is an error,
// so that a typo in a test does not pass for a fast call.
absl::StatusOr<std::optional<SlowCall>> ReadSlowCall() {
  const char* value = std::getenv(kSlowCallVariable);
  if (value == nullptr || *value == '\0') return std::nullopt;
  std::string text = value;
  size_t colon = text.rfind(':');
  SlowCall slow;
  if (colon != std::string::npos) {
    slow.method =
        absl::StrCat("/vita.v1.ProfileService/", text.substr(0, colon));
  }
  bool known = false;
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "vita.v1.ProfileService");
  if (colon != std::string::npos && service != nullptr) {
    known = service->FindMethodByName(text.substr(0, colon)) != nullptr;
  }
  if (!known || !absl::SimpleAtoi(text.substr(colon + 1), &slow.milliseconds) ||
      slow.milliseconds <= 0 || slow.milliseconds > 60000) {
    return absl::InvalidArgumentError(absl::StrCat(
        kSlowCallVariable, "=", text,
        ": want <ProfileService method>:<milliseconds, 1 to 60000>"));
  }
  return slow;
}

// Holds every call of one method for a while after its request arrived and
// before the handler runs, so that tests can catch a call in flight.
class SlowCallInterceptor : public grpc::experimental::Interceptor {
 public:
  SlowCallInterceptor(std::string method, int milliseconds)
      : method_(std::move(method)), milliseconds_(milliseconds) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // Tests wait for this line to know the call is in flight.
      Log(absl::StrCat("test hook: holding ", method_, " for ", milliseconds_,
                       " ms"));
      std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds_));
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
  const int milliseconds_;
};

class SlowCallFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit SlowCallFactory(SlowCall slow) : slow_(std::move(slow)) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    if (slow_.method != info->method()) return nullptr;
    return new SlowCallInterceptor(slow_.method, slow_.milliseconds);
  }

 private:
  const SlowCall slow_;
};

// Publish on write: publishes every profile in the database and removes
// published profiles that no longer exist, so the published tree can always
// be rebuilt from the database.
absl::Status RepublishAll(domain::ProfileService& profiles,
                          publish::Publisher& publisher) {
  std::vector<std::string> ids;
  v1::ListProfilesRequest list;
  list.set_page_size(1000);
  do {
    absl::StatusOr<v1::ListProfilesResponse> listed =
        profiles.ListProfiles(list);
    if (!listed.ok()) return listed.status();
    for (const v1::Profile& profile : listed->profiles()) {
      std::string id = profile.name().substr(profile.name().find('/') + 1);
      v1::GetPageRequest get;
      get.set_name(profile.name());
      absl::StatusOr<std::shared_ptr<const v1::Page>> page =
          profiles.GetPage(get);
      if (!page.ok()) return page.status();
      if (absl::Status s = publisher.Publish(id, **page); !s.ok()) return s;
      ids.push_back(std::move(id));
    }
    list.set_page_token(listed->next_page_token());
  } while (!list.page_token().empty());
  if (absl::Status s = publisher.RemoveAllBut(ids); !s.ok()) return s;
  Log(absl::StrCat("published ", ids.size(), " profile(s) to ",
                   publisher.dir()));
  return absl::OkStatus();
}

// The test-only hook VITA_TEST_PUBLISH_PAUSE=<ms> (see vita_server.h).
absl::StatusOr<int> ReadPublishPause() {
  const char* value = std::getenv("VITA_TEST_PUBLISH_PAUSE");
  if (value == nullptr || *value == '\0') return 0;
  int ms = 0;
  if (!absl::SimpleAtoi(value, &ms) || ms <= 0 || ms > 60000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "VITA_TEST_PUBLISH_PAUSE=", value, ": want milliseconds, 1 to 60000"));
  }
  return ms;
}

// glibc fixes its arena limit when the second thread first allocates, and
// gRPC's static initializers may start threads before main(): the limit is
// set first, by a constructor that runs before every C++ static initializer
// (priority 101). See kMallocArenas in vita_server.h.
__attribute__((constructor(101))) void LimitMallocArenas() {
  mallopt(M_ARENA_MAX, kMallocArenas);
}

}  // namespace

void BlockShutdownSignals() {
  sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int RunServer(const ServerConfig& config) {
  absl::StatusOr<std::optional<SlowCall>> slow_call = ReadSlowCall();
  if (!slow_call.ok()) {
    Log(std::string(slow_call.status().message()));
    return 1;
  }
  // Transport (docs/security.md): TLS when configured, checked before
  // anything else starts.
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::InsecureServerCredentials();
  if (config.tls()) {
    absl::StatusOr<TlsFiles> tls =
        ReadTlsFiles(config.tls_cert, config.tls_key);
    if (!tls.ok()) {
      Log(std::string(tls.status().message()));
      return 1;
    }
    grpc::SslServerCredentialsOptions ssl;
    ssl.pem_key_cert_pairs.push_back({tls->private_key, tls->cert_chain});
    credentials = grpc::SslServerCredentials(ssl);
  }
  absl::StatusOr<std::unique_ptr<store::Store>> store =
      store::Store::Open(config.db_path);
  if (!store.ok()) {
    Log(absl::StrCat("cannot open database ", config.db_path, ": ",
                     store.status().message()));
    return 1;
  }
  domain::ProfileService profiles(store->get());
  // Records written under an older list order get the current one.
  if (absl::StatusOr<int> rekeyed = profiles.RecomputeSortKeys();
      !rekeyed.ok()) {
    Log(absl::StrCat("cannot recompute sort keys: ",
                     rekeyed.status().message()));
    return 1;
  } else if (*rekeyed > 0) {
    Log(absl::StrCat("recomputed the sort keys of ", *rekeyed,
                     " records for the current list order"));
  }
  if (!config.seed_file.empty()) {
    if (absl::Status s = Seed(profiles, config.seed_file); !s.ok()) {
      Log(absl::StrCat("seed failed: ", s.message()));
      return 1;
    }
  }
  // Publish on write (server/publish/publisher.h): the whole tree now,
  // then each profile after each write.
  std::unique_ptr<publish::Publisher> publisher;
  std::unique_ptr<publish::PublishingObserver> publishing;
  if (!config.publish_dir.empty()) {
    absl::StatusOr<int> pause = ReadPublishPause();
    if (!pause.ok()) {
      Log(std::string(pause.status().message()));
      return 1;
    }
    absl::StatusOr<std::unique_ptr<publish::Publisher>> created =
        publish::Publisher::Create(config.publish_dir,
                                   config.web_root + "/index.html",
                                   {config.public_url});
    absl::Status published = created.status();
    if (created.ok()) {
      publisher = std::move(*created);
      published = RepublishAll(profiles, *publisher);
      // The variants too (made by the compressor, in parallel with the
      // republish), so that a first visit is served compressed.
      if (published.ok()) publisher->AwaitCompressed();
    }
    if (!published.ok()) {
      Log(absl::StrCat("cannot publish to ", config.publish_dir, ": ",
                       published.message()));
      return 1;
    }
    if (*pause > 0) {
      Log(
          absl::StrCat("TEST HOOK VITA_TEST_PUBLISH_PAUSE is set: every "
                       "publish waits ",
                       *pause,
                       " ms before renaming; never set it in "
                       "production"));
      publisher->set_test_pause_ms(*pause);
    }
    publishing = std::make_unique<publish::PublishingObserver>(publisher.get());
    profiles.SetPageObserver(publishing.get());
  }
  if (!config.admin_token) {
    Log("no admin token (--admin-token-file or VITA_ADMIN_TOKEN): every "
        "write will be refused");
  }

  // Plaintext beyond loopback is said loudly and arms the transport guard.
  api::TransportGuard guard = api::TransportGuard::Off();
  if (!config.tls() && !ListensOnLoopback(config.listen)) {
    Log(absl::StrCat(
        "WARNING: listening on ", config.listen,
        " WITHOUT TLS: tokens and data cross the network in clear text. ",
        config.allow_insecure
            ? "--allow-insecure is given: writes with a token are accepted."
            : "Writes carrying a token are refused; serve with --tls-cert and "
              "--tls-key, or accept the risk with --allow-insecure."));
    if (!config.allow_insecure) {
      guard = api::TransportGuard::RefuseTokens(config.listen);
    }
  }

  // Editor tokens (domain/token_service.h) besides the admin token.
  domain::TokenService tokens(store->get());
  api::Authorizer auth(config.admin_token, &tokens, std::move(guard));
  api::ProfileService service(&profiles, &auth);
  api::TokenService token_service(&tokens, &auth);
  // The change log: history, undo, audit trail, online backup; and its
  // retention in the background.
  domain::HistoryService history(store->get(), &profiles);
  std::string backup_dir = config.backup_dir;
  if (backup_dir.empty()) {
    size_t slash = config.db_path.rfind('/');
    backup_dir =
        slash == std::string::npos ? "." : config.db_path.substr(0, slash);
    if (backup_dir.empty()) backup_dir = "/";
  }
  api::HistoryService history_service(&history, &auth, backup_dir);
  domain::RetentionPolicy retention_policy;
  retention_policy.max_versions = config.history_max_versions;
  retention_policy.max_age = absl::Hours(24) * config.history_max_days;
  retention_policy.interval = absl::Seconds(config.history_prune_seconds);
  domain::HistoryRetention retention(store->get(), retention_policy);
  retention.Start([](absl::StatusOr<int64_t> pruned) {
    if (!pruned.ok()) {
      Log(absl::StrCat("history pruning failed (tried again later): ",
                       pruned.status().message()));
    } else if (*pruned > 0) {
      Log(absl::StrCat("history: pruned ", *pruned,
                       " old revision(s) and change(s)"));
    }
  });
  // Freed memory back to the system after bursts (memory_trimmer.h).
  MemoryTrimmer trimmer;
  // Our own grpc.health.v1.Health (see health_service.h for why not gRPC's
  // default one); reflection describes it like any registered service.
  api::HealthService health;
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default, which would let a second server on
  // the same port silently take half the calls; a busy port must be an error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // Memory bounds (see vita_server.h).
  grpc::ResourceQuota quota("vita-server");
  quota.SetMaxThreads(kMaxServerThreads);
  quota.Resize(kMaxGrpcMemoryBytes);
  builder.SetResourceQuota(quota);
  // Idle sync-server threads stay (up to kMaxIdleServerThreads) to take the
  // next call, instead of each call starting a thread and ending one.
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
      kMaxIdleServerThreads);
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, kMaxMetadataBytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             kMaxConcurrentStreams);
  builder.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  int port = 0;
  builder.AddListeningPort(config.listen, credentials, &port);
  builder.RegisterService(&service);
  builder.RegisterService(&token_service);
  builder.RegisterService(&history_service);
  builder.RegisterService(&health);
  if (*slow_call) {
    Log(absl::StrCat("TEST HOOK ", kSlowCallVariable, " is set: every ",
                     (*slow_call)->method, " call waits ",
                     (*slow_call)->milliseconds,
                     " ms; never set it in production"));
    std::vector<
        std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        creators;
    creators.push_back(std::make_unique<SlowCallFactory>(**slow_call));
    builder.experimental().SetInterceptorCreators(std::move(creators));
  }
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
                   (*store)->schema_version(), ")",
                   config.tls() ? " with TLS" : ""));

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
  health.Shutdown();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(10));
  server->Wait();
  retention.Stop();
  Log("stopped");
  return 0;
}

}  // namespace vita
