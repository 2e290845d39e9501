// The fixture of the domain's tests that need a ProfileService: a real store
// on a SQLite file in a fresh temporary directory, opened before each test.
#ifndef VITA_TESTS_DOMAIN_PROFILE_SERVICE_FIXTURE_H_
#define VITA_TESTS_DOMAIN_PROFILE_SERVICE_FIXTURE_H_

#include <memory>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "server/domain/profile_service.h"
#include "server/store/store.h"
#include "tests/support/server_process.h"

namespace vita::domain {

class ProfileServiceFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = vita::testing::MakeTempDir() + "/vita.db";
    auto store = store::Store::Open(db_path_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    profiles_ = std::make_unique<ProfileService>(store_.get(), Clock());
  }

  // The clock the ProfileService stamps times with; tests that move time
  // override it.
  virtual ProfileService::Clock Clock() { return absl::Now; }

  std::string db_path_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ProfileService> profiles_;
};

}  // namespace vita::domain

#endif  // VITA_TESTS_DOMAIN_PROFILE_SERVICE_FIXTURE_H_
