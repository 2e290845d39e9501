// Fuzzes ImportPage with arbitrary JSON: the input is parsed as a
// vita.v1.Page in proto3 JSON, as `vita import FILE` and vita-server
// --seed read it, and imported by domain::ProfileService into a real store
// on a SQLite file in a fresh temporary directory (no server).
//
// Checks, besides the sanitizers: a refused import is INVALID_ARGUMENT and
// leaves the database without any profile (all or nothing); an accepted
// one stores only records that pass validation (the invariant "stored
// records are valid"). Each accepted page is deleted again, so every input
// starts from an empty database.
//
// Seeds: corpus/import_page/, the demo page and pages from the tests.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/util/json_util.h"
#include "server/domain/profile_service.h"
#include "server/domain/validation.h"
#include "server/store/store.h"

namespace {

using namespace vita;

[[noreturn]] void Fail(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
  std::abort();
}

// The store and the service every input uses, on a database file in a
// temporary directory removed at exit.
struct Service {
  Service() {
    const char* tmp = std::getenv("TEST_TMPDIR");
    if (!tmp) tmp = std::getenv("TMPDIR");
    dir = std::string(tmp ? tmp : "/tmp") + "/import_page_fuzz.XXXXXX";
    if (!mkdtemp(dir.data())) std::abort();
    auto opened = store::Store::Open(dir + "/vita.db");
    if (!opened.ok()) Fail("Store::Open", opened.status());
    store = *std::move(opened);
    profiles = std::make_unique<domain::ProfileService>(store.get());
    std::atexit([] { Get().Remove(); });
  }
  static Service& Get() {
    static Service* service = new Service;
    return *service;
  }
  void Remove() {
    profiles.reset();
    store.reset();
    for (const char* file : {"/vita.db", "/vita.db-wal", "/vita.db-shm"}) {
      unlink((dir + file).c_str());
    }
    rmdir(dir.c_str());
  }

  std::string dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<domain::ProfileService> profiles;
};

void ExpectValid(const absl::Status& status) {
  if (!status.ok()) Fail("ImportPage stored an invalid record", status);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  v1::ImportPageRequest request;
  std::string json(reinterpret_cast<const char*>(data), size);
  if (!google::protobuf::util::JsonStringToMessage(json, request.mutable_page())
           .ok()) {
    return 0;
  }
  domain::ProfileService& profiles = *Service::Get().profiles;
  absl::StatusOr<v1::Page> imported =
      profiles.ImportPage(request, domain::Caller::Admin());
  if (!imported.ok()) {
    if (!absl::IsInvalidArgument(imported.status())) {
      Fail("ImportPage refused with a code other than INVALID_ARGUMENT",
           imported.status());
    }
    absl::StatusOr<v1::ListProfilesResponse> left =
        profiles.ListProfiles(v1::ListProfilesRequest());
    if (!left.ok()) Fail("ListProfiles", left.status());
    if (left->profiles_size() != 0) {
      Fail("a refused ImportPage left a profile behind",
           absl::InternalError(left->profiles(0).name()));
    }
    return 0;
  }
  ExpectValid(domain::ValidateProfile("profile", imported->profile()));
  for (const v1::NewsItem& item : imported->news()) {
    ExpectValid(domain::ValidateNewsItem("news_item", item));
  }
  for (const v1::Publication& publication : imported->publications()) {
    ExpectValid(domain::ValidatePublication("publication", publication));
  }
  v1::DeleteProfileRequest remove;
  remove.set_name(imported->profile().name());
  remove.set_force(true);
  absl::Status removed =
      profiles.DeleteProfile(remove, domain::Caller::Admin());
  if (!removed.ok()) Fail("DeleteProfile", removed);
  return 0;
}
