// Tests of GetPage's raw path (server/api/profile_service.cc serves the
// cached page's serialized bytes): clients must see what a generated sync
// handler sent, byte for byte, and never a page older than a write they
// saw acknowledged. Real gRPC calls to a real vita-server.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "tests/api/integration_test_base.h"
#include "tests/support/publication_request.h"

namespace vita::testing {
namespace {

constexpr char kGetPage[] = "/vita.v1.ProfileService/GetPage";

// One call of GetPage with `request_bytes` as the raw request: what a
// client receives on the wire.
struct RawReply {
  grpc::Status status;
  std::string bytes;
  std::multimap<std::string, std::string> metadata;  // initial metadata
};

RawReply CallRaw(const std::string& address, const std::string& request_bytes) {
  grpc::GenericStub stub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  RawReply reply;
  stub.UnaryCall(&context, kGetPage, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) {
                   std::lock_guard<std::mutex> lock(mu);
                   reply.status = std::move(status);
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  done_cv.wait(lock, [&] { return done; });
  std::vector<grpc::Slice> slices;
  if (reply.status.ok()) {
    EXPECT_TRUE(response.Dump(&slices).ok());
  }
  for (const grpc::Slice& s : slices) {
    reply.bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  for (const auto& [key, value] : context.GetServerInitialMetadata()) {
    reply.metadata.emplace(std::string(key.data(), key.size()),
                           std::string(value.data(), value.size()));
  }
  return reply;
}

std::string GetPageRequestBytes(const std::string& name) {
  v1::GetPageRequest request;
  request.set_name(name);
  return request.SerializeAsString();
}

class GetPageIntegrationTest : public IntegrationTest {
 protected:
  void SetUp() override {
    IntegrationTest::SetUp();
    if (HasFatalFailure()) return;
    v1::CreateProfileRequest profile;
    profile.set_profile_id("ann");
    profile.mutable_profile()->set_display_name("Ann Example");
    profile.mutable_profile()->set_bio("Works on *things*.");
    v1::Profile created;
    ASSERT_TRUE(stub_->CreateProfile(Context().get(), profile, &created).ok());
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(AddNews(i).ok());
    for (int i = 1; i <= 2; ++i) {
      v1::CreatePublicationRequest request =
          test_records::CreatePublicationRequest("profiles/ann",
                                                 "Paper " + std::to_string(i),
                                                 "Ann Example", 2020 + i);
      request.set_publication_id("p" + std::to_string(i));
      request.mutable_publication()->set_display_order(i);
      v1::Publication publication;
      ASSERT_TRUE(
          stub_->CreatePublication(Context().get(), request, &publication)
              .ok());
    }
  }

  grpc::Status AddNews(int i, const std::string& profile = "profiles/ann") {
    v1::CreateNewsItemRequest request;
    request.set_parent(profile);
    request.set_news_item_id("n" + std::to_string(i));
    request.mutable_news_item()->mutable_date()->set_year(2024);
    request.mutable_news_item()->mutable_date()->set_month(1 + i % 12);
    request.mutable_news_item()->set_text("News " + std::to_string(i));
    v1::NewsItem item;
    return stub_->CreateNewsItem(Context().get(), request, &item);
  }

  // The page as GetProfile and the List methods describe it, with `etag`.
  v1::Page PageFromOtherMethods(const std::string& etag) {
    v1::Page page;
    v1::GetProfileRequest profile;
    profile.set_name("profiles/ann");
    EXPECT_TRUE(
        stub_->GetProfile(Context(false).get(), profile, page.mutable_profile())
            .ok());
    v1::ListNewsItemsRequest news;
    news.set_parent("profiles/ann");
    v1::ListNewsItemsResponse news_list;
    EXPECT_TRUE(
        stub_->ListNewsItems(Context(false).get(), news, &news_list).ok());
    *page.mutable_news() = news_list.news_items();
    v1::ListPublicationsRequest publications;
    publications.set_parent("profiles/ann");
    v1::ListPublicationsResponse publication_list;
    EXPECT_TRUE(stub_
                    ->ListPublications(Context(false).get(), publications,
                                       &publication_list)
                    .ok());
    *page.mutable_publications() = publication_list.publications();
    page.set_etag(etag);
    return page;
  }
};

TEST_F(GetPageIntegrationTest,
       SendsExactlyTheBytesOfThePageThatGetProfileAndTheListsDescribe) {
  // The first call reads the database; the second is served from the cache.
  for (const char* call : {"first", "cached"}) {
    RawReply reply =
        CallRaw(server_->address(), GetPageRequestBytes("profiles/ann"));
    ASSERT_TRUE(reply.status.ok())
        << call << ": " << reply.status.error_message();
    v1::Page page;
    ASSERT_TRUE(page.ParseFromString(reply.bytes)) << call;
    ASSERT_EQ(page.etag().size(), 24u) << call;
    EXPECT_EQ(page.news_size(), 3) << call;
    EXPECT_EQ(page.publications_size(), 2) << call;
    EXPECT_EQ(reply.bytes,
              PageFromOtherMethods(page.etag()).SerializeAsString())
        << call;
  }
}

TEST_F(GetPageIntegrationTest, SendsEtagInQuotesAndNoCacheAsInitialMetadata) {
  RawReply reply =
      CallRaw(server_->address(), GetPageRequestBytes("profiles/ann"));
  ASSERT_TRUE(reply.status.ok()) << reply.status.error_message();
  v1::Page page;
  ASSERT_TRUE(page.ParseFromString(reply.bytes));
  ASSERT_EQ(reply.metadata.count("etag"), 1u);
  EXPECT_EQ(reply.metadata.find("etag")->second, "\"" + page.etag() + "\"");
  ASSERT_EQ(reply.metadata.count("cache-control"), 1u);
  EXPECT_EQ(reply.metadata.find("cache-control")->second, "no-cache");
}

TEST_F(GetPageIntegrationTest, ErrorsKeepTheirCodesAndMessagesAndCarryNoEtag) {
  struct Case {
    std::string request;
    grpc::StatusCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {GetPageRequestBytes("profiles/nobody"), grpc::StatusCode::NOT_FOUND,
       "profile \"profiles/nobody\" not found"},
      {GetPageRequestBytes("users/x"), grpc::StatusCode::INVALID_ARGUMENT,
       "name: \"users/x\" is not a profile name (profiles/{profile})"},
      {GetPageRequestBytes(""), grpc::StatusCode::INVALID_ARGUMENT,
       "name: is required (profiles/{profile})"},
      {GetPageRequestBytes("profiles/BAD"), grpc::StatusCode::INVALID_ARGUMENT,
       "name: \"BAD\" is not a valid id (1 to 63 characters of a-z, 0-9 and "
       "'-', starting and ending with a letter or digit)"},
      // Bytes that are no GetPageRequest (a field 1 longer than the message).
      {std::string("\x0a\x05pro", 5), grpc::StatusCode::INTERNAL, ""},
  };
  for (const Case& c : cases) {
    RawReply reply = CallRaw(server_->address(), c.request);
    EXPECT_EQ(reply.status.error_code(), c.code) << c.message;
    EXPECT_EQ(reply.status.error_message(), c.message);
    EXPECT_EQ(reply.metadata.count("etag"), 0u) << c.message;
    EXPECT_EQ(reply.metadata.count("cache-control"), 0u) << c.message;
  }
}

TEST_F(GetPageIntegrationTest, ShowsAWriteAsSoonAsItIsAcknowledged) {
  RawReply before =
      CallRaw(server_->address(), GetPageRequestBytes("profiles/ann"));
  ASSERT_TRUE(before.status.ok());
  ASSERT_TRUE(AddNews(4).ok());
  RawReply after =
      CallRaw(server_->address(), GetPageRequestBytes("profiles/ann"));
  ASSERT_TRUE(after.status.ok());
  v1::Page page;
  ASSERT_TRUE(page.ParseFromString(after.bytes));
  EXPECT_EQ(page.news_size(), 4);
  EXPECT_EQ(after.bytes, PageFromOtherMethods(page.etag()).SerializeAsString());
  EXPECT_NE(after.metadata.find("etag")->second,
            before.metadata.find("etag")->second);
}

// Readers race a writer: a page read after a write was acknowledged must
// hold it, on every thread, however the cache is filled meanwhile.
TEST_F(GetPageIntegrationTest,
       ConcurrentReadersNeverSeeAPageOlderThanAnAcknowledgedWrite) {
  constexpr int kWrites = 60;
  constexpr int kReaders = 4;
  // A page of 300 publications takes long enough to read that writes land
  // while reads are under way, which is when a stale page could be cached.
  v1::ImportPageRequest import;
  import.mutable_page()->mutable_profile()->set_name("profiles/big");
  import.mutable_page()->mutable_profile()->set_display_name("Big");
  for (int i = 0; i < 300; ++i) {
    v1::Publication* p = import.mutable_page()->add_publications();
    p->set_name("profiles/big/publications/p" + std::to_string(i));
    p->set_title("A paper with a reasonably long title, number " +
                 std::to_string(i));
    p->add_authors()->set_name("Ann Example");
    p->set_status(v1::Publication::PUBLISHED);
    p->set_year(2000 + i % 25);
    p->set_display_order(i + 1);
  }
  v1::Page imported;
  grpc::Status imported_status =
      stub_->ImportPage(Context().get(), import, &imported);
  ASSERT_TRUE(imported_status.ok()) << imported_status.error_message();
  std::atomic<int> acknowledged{0};
  std::atomic<bool> writing{true};
  std::vector<int> reads(kReaders, 0);
  std::vector<std::string> failures(kReaders);  // each reader's first
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      auto stub = NewStub(server_->address());
      int last = 0;
      while (writing.load() && failures[r].empty()) {
        int floor = acknowledged.load();
        v1::Page page;
        grpc::Status status =
            ReadByName(*stub, &v1::ProfileService::Stub::GetPage,
                       "profiles/big", std::chrono::seconds(10), &page);
        if (!status.ok()) {
          failures[r] = "GetPage failed: " + status.error_message();
        } else if (page.news_size() < floor || page.news_size() < last) {
          failures[r] =
              absl::StrCat("read ", reads[r], " shows ", page.news_size(),
                           " news items after ", floor, " were acknowledged (",
                           last, " seen before)");
        }
        last = page.news_size();
        ++reads[r];
      }
    });
  }
  int written = 0;
  for (int i = 1; i <= kWrites; ++i) {
    grpc::Status status = AddNews(i, "profiles/big");
    if (!status.ok()) {
      ADD_FAILURE() << "CreateNewsItem n" << i << ": "
                    << status.error_message();
      break;
    }
    written = i;
    acknowledged.store(i);
  }
  writing.store(false);
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(written, kWrites);
  for (int r = 0; r < kReaders; ++r) {
    EXPECT_EQ(failures[r], "") << "reader " << r;
    EXPECT_GT(reads[r], 10) << "reader " << r;  // they did race the writer
  }
}

// vita_server.h: at most 64 sync calls run at once (one thread each); more
// are refused rather than given threads, and GetPage, served on gRPC's
// callback API, needs none of those threads.
TEST(GetPageUnderLoadIntegrationTest,
     SyncCallsBeyondSixtyFourAreRefusedWhileGetPageIsStillServed) {
  ServerOptions options;
  // Held long enough that all 80 callers arrive while the first 64 are
  // held, even on a loaded machine.
  options.environment = {"VITA_TEST_SLOW_CALL=GetProfile:8000"};
  auto server = ServerProcess::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = NewStub((*server)->address());
  ASSERT_TRUE(CreateAnn(*stub, kTestAdminToken).ok());
  constexpr int kCalls = 80;
  std::vector<grpc::StatusCode> codes(kCalls, grpc::StatusCode::UNKNOWN);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCalls; ++i) {
    callers.emplace_back([&, i] {
      v1::Profile profile;
      codes[i] = ReadByName(*stub, &v1::ProfileService::Stub::GetProfile,
                            "profiles/ann", std::chrono::seconds(30), &profile)
                     .error_code();
    });
  }
  // Once 64 calls are held, GetPage must still answer, well before the
  // held calls end.
  ASSERT_TRUE((*server)->WaitForLog("holding", std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  v1::Page page;
  grpc::Status status =
      ReadByName(*stub, &v1::ProfileService::Stub::GetPage, "profiles/ann",
                 std::chrono::seconds(4), &page);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(page.profile().display_name(), "Ann");
  for (std::thread& caller : callers) caller.join();
  int ok = 0, refused = 0;
  for (grpc::StatusCode code : codes) {
    ok += code == grpc::StatusCode::OK;
    refused += code == grpc::StatusCode::RESOURCE_EXHAUSTED;
  }
  EXPECT_EQ(ok + refused, kCalls);
  // The cap is gRPC's thread quota, which its thread manager applies per
  // thread, not per call: 65 of 80 have been seen to pass under a loaded
  // ctest -j2. What matters is that the rest are refused, not queued on new
  // threads.
  constexpr int kSlack = 2;
  EXPECT_LE(ok, 64 + kSlack);
  EXPECT_GE(refused, kCalls - 64 - kSlack);
}

}  // namespace
}  // namespace vita::testing
