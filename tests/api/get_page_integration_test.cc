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

#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "tests/api/integration_test_base.h"

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
      v1::CreatePublicationRequest request;
      request.set_parent("profiles/ann");
      request.set_publication_id("p" + std::to_string(i));
      request.mutable_publication()->set_title("Paper " + std::to_string(i));
      request.mutable_publication()->set_year(2020 + i);
      request.mutable_publication()->set_display_order(i);
      request.mutable_publication()->add_authors()->set_name("Ann Example");
      request.mutable_publication()->set_status(v1::Publication::PUBLISHED);
      v1::Publication publication;
      ASSERT_TRUE(
          stub_->CreatePublication(Context().get(), request, &publication)
              .ok());
    }
  }

  grpc::Status AddNews(int i) {
    v1::CreateNewsItemRequest request;
    request.set_parent("profiles/ann");
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
  std::atomic<int> acknowledged{3};  // the news items SetUp made
  std::atomic<bool> writing{true};
  std::vector<std::thread> readers;
  std::vector<int> reads(kReaders, 0);
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      auto stub = NewStub(server_->address());
      int last = 0;
      while (writing.load()) {
        int floor = acknowledged.load();
        grpc::ClientContext context;
        v1::GetPageRequest request;
        request.set_name("profiles/ann");
        v1::Page page;
        grpc::Status status = stub->GetPage(&context, request, &page);
        ASSERT_TRUE(status.ok()) << status.error_message();
        ASSERT_GE(page.news_size(), floor) << "read " << reads[r];
        ASSERT_GE(page.news_size(), last) << "read " << reads[r];
        last = page.news_size();
        ++reads[r];
      }
    });
  }
  for (int i = 4; i < 4 + kWrites; ++i) {
    ASSERT_TRUE(AddNews(i).ok());
    acknowledged.store(i);
  }
  writing.store(false);
  for (std::thread& reader : readers) reader.join();
  for (int r = 0; r < kReaders; ++r)
    EXPECT_GT(reads[r], 10) << r;  // they did race the writer
}

}  // namespace
}  // namespace vita::testing
