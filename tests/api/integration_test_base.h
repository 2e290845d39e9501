// A test fixture with a fresh vita-server (empty database) per test and
// stubs of its two services to call it, with and without the admin token.
#ifndef VITA_TESTS_API_INTEGRATION_TEST_BASE_H_
#define VITA_TESTS_API_INTEGRATION_TEST_BASE_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/grpc_client.h"
#include "tests/support/server_process.h"

namespace vita::testing {

class IntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start({});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = NewStub(server_->address());
    token_stub_ = NewTokenStub(server_->address());
  }

  // A context with a deadline and, if `authorized`, the admin token.
  std::unique_ptr<grpc::ClientContext> Context(bool authorized = true) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    if (authorized) Authorize(*context, kTestAdminToken);
    return context;
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::ProfileService::Stub> stub_;
  std::unique_ptr<v1::TokenService::Stub> token_stub_;
};

}  // namespace vita::testing

#endif  // VITA_TESTS_API_INTEGRATION_TEST_BASE_H_
