// Many calls at once from several client threads, for tests of a real
// server under load: how many ended otherwise than expected, and how.
//
//   Outcome o = Flood(address, 1000, 8, grpc::StatusCode::OK,
//                     [](v1::ProfileService::Stub& stub, int i) {
//                       return CreateAnnNewsItem(stub, kTestAdminToken,
//                                                absl::StrCat("news ", i));
//                     });
//   EXPECT_EQ(o.unexpected, 0) << o.example;
#ifndef VITA_TESTS_SUPPORT_FLOOD_H_
#define VITA_TESTS_SUPPORT_FLOOD_H_

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/support/grpc_client.h"

namespace vita::testing {

// Calls that did not end with the status code a Flood wanted.
struct Outcome {
  int unexpected = 0;
  std::string example;  // the code and message of one of them
};

// Sends `count` calls from `threads` threads at once, each thread on a
// channel of its own; `call` makes call i (0 <= i < count) on the given
// stub and returns its status. Returns once every call has ended.
inline Outcome Flood(
    const std::string& address, int count, int threads, grpc::StatusCode want,
    const std::function<grpc::Status(v1::ProfileService::Stub&, int)>& call) {
  std::vector<Outcome> outcomes(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto stub = NewStub(address);
      for (int i = t; i < count; i += threads) {
        grpc::Status status = call(*stub, i);
        if (status.error_code() != want) {
          ++outcomes[t].unexpected;
          outcomes[t].example =
              absl::StrCat(status.error_code(), " ", status.error_message());
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  Outcome total;
  for (const Outcome& o : outcomes) {
    total.unexpected += o.unexpected;
    if (!o.example.empty()) total.example = o.example;
  }
  return total;
}

}  // namespace vita::testing

#endif  // VITA_TESTS_SUPPORT_FLOOD_H_
