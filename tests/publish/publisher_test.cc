#include "server/publish/publisher.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "formats/bibtex_writer.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "server/publish/encodings.h"
#include "tests/support/page_json.h"
#include "tests/support/server_process.h"

namespace vita::publish {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void Write(const fs::path& path, const std::string& content) {
  std::ofstream(path) << content;
}

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = vita::testing::MakeTempDir();
    Write(root_ / "index.html",
          "<head><!-- vita:head --></head><!-- vita:data --><script>");
    auto created = Publisher::Create((root_ / "pub").string(),
                                     (root_ / "index.html").string(), {});
    ASSERT_TRUE(created.ok()) << created.status();
    publisher_ = std::move(*created);
    page_ = test_records::PageFromJson(
        R"({"profile":{"name":"profiles/ada","displayName":"Ada"}})");
  }
  void TearDown() override {
    publisher_.reset();  // its compressor stops before the files go
    fs::remove_all(root_);
  }

  fs::path root_;
  std::unique_ptr<Publisher> publisher_;
  v1::Page page_;
};

TEST_F(PublisherTest, WritesThePageJsonAndTheDocument) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  publisher_->AwaitCompressed();
  EXPECT_EQ(Read(root_ / "pub/v1/profiles/ada/page"),
            R"({"profile":{"name":"profiles/ada","displayName":"Ada"}})");
  std::string html = Read(root_ / "pub/p/ada/index.html");
  EXPECT_NE(html.find("<title>Ada</title>"), std::string::npos) << html;
  EXPECT_NE(html.find("<script type=\"application/json\" id=\"vita-page\">"
                      "{\"page\":{\"profile\":{\"name\":\"profiles/ada\","
                      "\"displayName\":\"Ada\"}},\"html\":{}}</script>"),
            std::string::npos)
      << html;
  // No temporary file is left beside the served ones.
  std::vector<std::string> files;
  size_t blobs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root_ / "pub")) {
    std::string path = fs::relative(entry.path(), root_ / "pub").string();
    if (absl::StartsWith(path, ".gateway/blobs/")) {
      ++blobs;
    } else if (entry.is_regular_file()) {
      files.push_back(path);
    }
  }
  std::sort(files.begin(), files.end());
  // Each published file and variant is also the gateway's blob of its etag
  // (a hard link; a variant's named by the etag of the bytes it encodes).
  for (const std::string& file : files) {
    if (absl::StartsWith(file, ".gateway/")) continue;
    std::string plain = file, suffix;
    for (const char* variant : {".br", ".gz"}) {
      if (absl::EndsWith(file, variant)) {
        plain = file.substr(0, file.size() - 3);
        suffix = variant;
      }
    }
    fs::path blob =
        root_ / "pub" / BlobPath(FileEtag(Read(root_ / "pub" / plain)), suffix);
    EXPECT_TRUE(fs::exists(blob) && fs::equivalent(root_ / "pub" / file, blob))
        << file << " as " << blob;
  }
  EXPECT_EQ(blobs, files.size() - 2);
  // The page JSON and document, the artefacts (news feed, BibTeX, CSL-JSON,
  // JSON Resume; no sitemap without a public URL), the variants of those of
  // 256 bytes or more, and the gateway's index and counter.
  EXPECT_THAT(
      files,
      ::testing::ElementsAre(
          ".gateway/generation", ".gateway/index.lua", "p/ada/index.html",
          "p/ada/index.html.br", "p/ada/index.html.gz", "p/ada/news.atom",
          "p/ada/news.atom.br", "p/ada/news.atom.gz", "p/ada/publications.bib",
          "p/ada/publications.csl.json", "p/ada/resume.json",
          "v1/profiles/ada/page"));
}

TEST(FileEtagTest, IsTheQuotedHexOfTheFirst16BytesOfTheSha256) {
  EXPECT_EQ(FileEtag("hello"), "\"2cf24dba5fb0a30e26e83b2ac5b9e29e\"");
  EXPECT_EQ(FileEtag(""), "\"e3b0c44298fc1c149afbf4c8996fb924\"");
}

TEST_F(PublisherTest, PublishesAnyFileWithVariantsAndIndexesItAtItsUrl) {
  std::string feed(400, 'x');
  ASSERT_TRUE(publisher_
                  ->PublishFiles({{"p/ada/news.atom", feed},
                                  {"robots.txt", "User-agent: *\n"}})
                  .ok());
  publisher_->AwaitCompressed();
  EXPECT_EQ(Read(root_ / "pub/p/ada/news.atom"), feed);
  EXPECT_TRUE(fs::exists(root_ / "pub/p/ada/news.atom.br"));
  EXPECT_TRUE(fs::exists(root_ / "pub/p/ada/news.atom.gz"));
  EXPECT_FALSE(fs::exists(root_ / "pub/robots.txt.br"));  // too small
  std::string index = Read(root_ / "pub/.gateway/index.lua");
  EXPECT_EQ(index,
            IndexSource({{"p/ada/news.atom",
                          FileEtag(feed),
                          {Encoding::kBrotli, Encoding::kGzip}},
                         {"robots.txt", FileEtag("User-agent: *\n"), {}}}));
  EXPECT_THAT(index, ::testing::HasSubstr("application/atom+xml"));
}

// The index a Publisher writes, its files' entries kept between publishes,
// is the one rendered afresh from the tree: every published file (not the
// gateway's, not a variant) by path, with its etag, and with variants where
// they exist beside it (the tree at rest: compressed, or held before any
// new variant was made).
std::string IndexOfTheTree(const fs::path& pub) {
  std::vector<PublishedFile> files;
  for (const auto& entry : fs::recursive_directory_iterator(pub)) {
    std::string path = fs::relative(entry.path(), pub).string();
    if (!entry.is_regular_file() || absl::StartsWith(path, ".gateway/") ||
        absl::EndsWith(path, ".br") || absl::EndsWith(path, ".gz")) {
      continue;
    }
    PublishedFile file{path, FileEtag(Read(entry.path())), {}};
    if (fs::exists(pub / (path + ".br"))) {
      file.encodings = {Encoding::kBrotli, Encoding::kGzip};
    }
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(),
            [](const PublishedFile& a, const PublishedFile& b) {
              return a.path < b.path;
            });
  return IndexSource(files);
}

TEST_F(PublisherTest, TheIndexJoinedFromKeptEntriesIsTheOneRenderedAfresh) {
  v1::Page bob = test_records::PageFromJson(
      R"({"profile":{"name":"profiles/bob","displayName":"Bob"}})");
  const fs::path pub = root_ / "pub";
  auto index = [&] { return Read(pub / ".gateway/index.lua"); };
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  ASSERT_TRUE(publisher_->Publish("bob", bob).ok());
  publisher_->AwaitCompressed();
  EXPECT_EQ(index(), IndexOfTheTree(pub));
  EXPECT_THAT(index(), HasSubstr("/p/bob"));
  // Ada's files change (new etags, their variants not made yet); Bob's
  // entries, with their variants, are kept.
  publisher_->set_test_compressor_held(true);
  page_.mutable_profile()->set_display_name("Ada L.");
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_EQ(index(), IndexOfTheTree(pub));
  // The compressor adds Ada's variants: her entries change again.
  publisher_->set_test_compressor_held(false);
  publisher_->AwaitCompressed();
  EXPECT_EQ(index(), IndexOfTheTree(pub));
  ASSERT_TRUE(publisher_->Unpublish("bob").ok());
  EXPECT_EQ(index(), IndexOfTheTree(pub));
  EXPECT_THAT(index(), ::testing::Not(HasSubstr("/p/bob")));
}

// The compressor is woken only when files start pending (publisher.cc,
// WriteFiles); a publish that fails after queueing a file must still have
// woken it, or the file would wait for good: no later publish wakes it.
TEST_F(PublisherTest,
       APublishThatFailsAfterQueueingAFileHasWokenTheCompressor) {
  Write(root_ / "pub/blocked", "a file where a directory would have to be");
  const std::string text(400, 'x');
  EXPECT_FALSE(
      publisher_->PublishFiles({{"a.txt", text}, {"blocked/b.txt", text}})
          .ok());
  auto compressed =
      std::async(std::launch::async, [this] { publisher_->AwaitCompressed(); });
  const bool woken = compressed.wait_for(std::chrono::seconds(10)) ==
                     std::future_status::ready;
  // Else wake it by hand, so that the test ends.
  if (!woken) publisher_->set_test_compressor_held(false);
  compressed.wait();
  EXPECT_TRUE(woken) << "a.txt still waited for its variants after 10 s";
  EXPECT_TRUE(fs::exists(root_ / "pub/a.txt.br"));
}

TEST_F(PublisherTest, LeavesFilesWhoseBytesDidNotChangeAndTheIndexAlone) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  publisher_->AwaitCompressed();  // its index, with the variants
  auto inode = [&](const char* path) {
    struct stat info;
    EXPECT_EQ(stat((root_ / "pub" / path).c_str(), &info), 0) << path;
    return info.st_ino;
  };
  ino_t html = inode("p/ada/index.html");
  ino_t index = inode(".gateway/index.lua");
  std::string counter = Read(root_ / "pub/.gateway/generation");
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_EQ(inode("p/ada/index.html"), html);
  EXPECT_EQ(inode(".gateway/index.lua"), index);
  EXPECT_EQ(Read(root_ / "pub/.gateway/generation"), counter);
  page_.mutable_profile()->set_display_name("Ada L.");
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_NE(inode("p/ada/index.html"), html);
  EXPECT_NE(inode(".gateway/index.lua"), index);
  EXPECT_NE(Read(root_ / "pub/.gateway/generation"), counter);
}

// Nothing is synced, so a power loss can leave a recently written file
// without its bytes; a published file and its blob are one inode, so both.
// The republish at start must serve the page's bytes again, not the blob
// of its etag as the loss left it (the file comment's "until that
// republish"), nor variants of other bytes.
TEST_F(PublisherTest, TheRepublishAtStartRemakesBlobsThatLostTheirBytes) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  publisher_->AwaitCompressed();
  const std::string html = Read(root_ / "pub/p/ada/index.html");
  const std::string etag = FileEtag(html);
  publisher_.reset();
  fs::resize_file(root_ / "pub" / BlobPath(etag), 0);
  fs::resize_file(root_ / "pub" / BlobPath(etag, ".br"), 0);
  const auto gz = root_ / "pub" / BlobPath(etag, ".gz");
  fs::resize_file(gz, fs::file_size(gz) / 2);
  auto again = Publisher::Create((root_ / "pub").string(),
                                 (root_ / "index.html").string(), {});
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE((*again)->Publish("ada", page_).ok());
  (*again)->AwaitCompressed();
  EXPECT_EQ(Read(root_ / "pub/p/ada/index.html"), html);
  EXPECT_EQ(Read(root_ / "pub" / BlobPath(etag)), html);
  EXPECT_THAT(Read(root_ / "pub/.gateway/index.lua"),
              ::testing::HasSubstr(BlobPath(etag)));
  EXPECT_TRUE(DecodesTo(Encoding::kBrotli,
                        Read(root_ / "pub" / BlobPath(etag, ".br")), html));
  EXPECT_TRUE(DecodesTo(Encoding::kGzip, Read(gz), html));
}

// A blob stays while an index names it: the next index that does not
// removes it, and a new process sweeps what earlier ones left.
TEST_F(PublisherTest, RemovesABlobOnceNoIndexNamesIt) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  fs::path first =
      root_ / "pub" / BlobPath(FileEtag(Read(root_ / "pub/p/ada/index.html")));
  ASSERT_TRUE(fs::exists(first));
  Write(root_ / "pub/.gateway/blobs/stray", "left by a crash");
  page_.mutable_profile()->set_display_name("Ada L.");
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_FALSE(fs::exists(first));
  EXPECT_TRUE(
      fs::exists(root_ / "pub" /
                 BlobPath(FileEtag(Read(root_ / "pub/p/ada/index.html")))));
  EXPECT_TRUE(fs::exists(root_ / "pub/.gateway/blobs/stray"));
  publisher_.reset();
  auto again = Publisher::Create((root_ / "pub").string(),
                                 (root_ / "index.html").string(), {});
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE((*again)->RemoveAllBut({"ada"}).ok());
  EXPECT_FALSE(fs::exists(root_ / "pub/.gateway/blobs/stray"));
}

// .gateway/ removed by hand while vita-server runs: the next publish that
// changes something makes every blob its index names again, and a counter.
TEST_F(PublisherTest, MakesTheBlobsAgainWhenTheyWereRemoved) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  publisher_->AwaitCompressed();
  fs::remove_all(root_ / "pub/.gateway");
  page_.mutable_profile()->set_display_name("Ada L.");
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  std::string index = Read(root_ / "pub/.gateway/index.lua");
  size_t named = 0;
  for (size_t at = index.find("f = \""); at != std::string::npos;
       at = index.find("f = \"", at + 1)) {
    std::string blob = index.substr(at + 5, index.find('"', at + 5) - at - 5);
    EXPECT_TRUE(fs::exists(root_ / "pub" / blob)) << blob;
    ++named;
  }
  EXPECT_EQ(named, 7u) << index;  // two URLs of the document, five files
  EXPECT_TRUE(fs::exists(root_ / "pub/.gateway/generation"));
}

// .gateway/blobs emptied by hand (removed and made again), and a write
// that leaves some files as they were (a news item: the BibTeX and CSL-JSON
// do not change): the index names no blob that is missing. (ext4 gives the
// new directory the removed one's inode number at once; the Publisher holds
// its directory open, so it cannot take the new one for the old.)
TEST_F(PublisherTest, MakesTheBlobsAgainWhenTheBlobDirectoryWasEmptied) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  publisher_->AwaitCompressed();
  for (int round = 0; round < 3; ++round) {
    fs::remove_all(root_ / "pub/.gateway/blobs");
    fs::create_directory(root_ / "pub/.gateway/blobs");
    v1::NewsItem* news = page_.add_news();
    news->set_name(absl::StrCat("profiles/ada/news/n", round));
    news->set_text(absl::StrCat("News ", round));
    ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
    std::string index = Read(root_ / "pub/.gateway/index.lua");
    for (size_t at = index.find("f = \""); at != std::string::npos;
         at = index.find("f = \"", at + 1)) {
      std::string blob = index.substr(at + 5, index.find('"', at + 5) - at - 5);
      EXPECT_TRUE(fs::exists(root_ / "pub" / blob))
          << "round " << round << ": " << blob;
    }
  }
}

// A file that shrinks below the size worth compressing loses its old
// variants on disk, so that nothing pairs them with the new bytes (a
// restart's stock-taking once did, and served them under the new etag).
TEST_F(PublisherTest, RemovesTheVariantsOfAnOlderVersionWhenANewOneHasNone) {
  ASSERT_TRUE(
      publisher_->PublishFiles({{"p/ada/resume.json", std::string(400, 'x')}})
          .ok());
  publisher_->AwaitCompressed();
  ASSERT_TRUE(fs::exists(root_ / "pub/p/ada/resume.json.br"));
  ASSERT_TRUE(publisher_->PublishFiles({{"p/ada/resume.json", "{}"}}).ok());
  EXPECT_FALSE(fs::exists(root_ / "pub/p/ada/resume.json.br"));
  EXPECT_FALSE(fs::exists(root_ / "pub/p/ada/resume.json.gz"));
  EXPECT_EQ(Read(root_ / "pub/.gateway/index.lua"),
            IndexSource({{"p/ada/resume.json", FileEtag("{}"), {}}}));
}

// What a file's variants must hold: its bytes compressed (Compress is a
// pure function), and their blobs the same files.
void ExpectVariantsOf(const fs::path& pub, const std::string& path,
                      const std::string& content) {
  for (Encoding encoding : kEncodings) {
    std::string suffix(EncodingSuffix(encoding));
    absl::StatusOr<std::string> expected = Compress(encoding, content);
    ASSERT_TRUE(expected.ok()) << expected.status();
    EXPECT_EQ(Read(pub / (path + suffix)), *expected) << path << suffix;
    fs::path blob = pub / BlobPath(FileEtag(content), suffix);
    EXPECT_TRUE(fs::exists(blob) && fs::equivalent(pub / (path + suffix), blob))
        << blob;
  }
}

// The variant blobs in the publish dir, by name.
std::vector<std::string> VariantBlobs(const fs::path& pub) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(pub / ".gateway/blobs")) {
    std::string name = entry.path().filename().string();
    if (absl::EndsWith(name, ".br") || absl::EndsWith(name, ".gz")) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The index of `files` (path, content), each with both variants or none.
std::string IndexOf(
    const std::vector<std::pair<std::string, std::string>>& files,
    bool variants) {
  std::vector<PublishedFile> published;
  for (const auto& [path, content] : files) {
    published.push_back({path, FileEtag(content), {}});
    if (variants) {
      published.back().encodings = {Encoding::kBrotli, Encoding::kGzip};
    }
  }
  return IndexSource(published);
}

// Variants lag identity: a publish returns with the new bytes served and
// indexed without variants (never with those of older bytes); the
// compressor then adds this version's.
TEST_F(PublisherTest, ServesTheNewBytesAtOnceAndTheirVariantsAfter) {
  const std::string first(400, 'a'), second(500, 'b');
  const fs::path pub = root_ / "pub";
  ASSERT_TRUE(publisher_->PublishFiles({{"p/ada/news.atom", first}}).ok());
  publisher_->AwaitCompressed();
  ExpectVariantsOf(pub, "p/ada/news.atom", first);
  ASSERT_EQ(Read(pub / ".gateway/index.lua"),
            IndexOf({{"p/ada/news.atom", first}}, true));

  publisher_->set_test_compressor_held(true);
  ASSERT_TRUE(publisher_->PublishFiles({{"p/ada/news.atom", second}}).ok());
  EXPECT_EQ(Read(pub / "p/ada/news.atom"), second);
  EXPECT_EQ(Read(pub / ".gateway/index.lua"),
            IndexOf({{"p/ada/news.atom", second}}, false));
  EXPECT_FALSE(fs::exists(pub / "p/ada/news.atom.br"));
  EXPECT_FALSE(fs::exists(pub / "p/ada/news.atom.gz"));
  EXPECT_EQ(VariantBlobs(pub), std::vector<std::string>{});

  publisher_->set_test_compressor_held(false);
  publisher_->AwaitCompressed();
  ExpectVariantsOf(pub, "p/ada/news.atom", second);
  EXPECT_EQ(Read(pub / ".gateway/index.lua"),
            IndexOf({{"p/ada/news.atom", second}}, true));
  EXPECT_EQ(publisher_->compressed_versions(), 2u);
}

// A burst is compressed once it pauses: versions published a few
// milliseconds apart (well under kCompressAfterQuiet) are compressed only
// in the newest, though the compressor was free to take each.
TEST_F(PublisherTest, CompressesABurstOnceItPauses) {
  const fs::path pub = root_ / "pub";
  std::string content;
  for (int version = 1; version <= 4; ++version) {
    content = std::string(300 * version, 'a' + version);
    ASSERT_TRUE(publisher_->PublishFiles({{"p/ada/news.atom", content}}).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  publisher_->AwaitCompressed();
  EXPECT_EQ(publisher_->compressed_versions(), 1u);
  ExpectVariantsOf(pub, "p/ada/news.atom", content);
}

// A steady stream of publishes, never pausing for kCompressAfterQuiet: its
// files are compressed all the same, within about kCompressAtMost (1 s;
// the stream gives up after 5 s).
TEST_F(PublisherTest, CompressesDuringAStreamThatNeverPauses) {
  const auto start = std::chrono::steady_clock::now();
  int version = 0;
  while (publisher_->compressed_versions() == 0 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    ++version;
    ASSERT_TRUE(publisher_
                    ->PublishFiles(
                        {{"p/ada/news.atom", std::string(300 + version, 'a')}})
                    .ok());
    std::this_thread::sleep_for(kCompressAfterQuiet / 4);
  }
  EXPECT_GT(publisher_->compressed_versions(), 0u)
      << version << " versions, none compressed";
}

// Latest wins: versions published before the compressor took any are
// compressed only in the newest, which alone gets variants.
TEST_F(PublisherTest, CompressesABurstOfVersionsOnlyInItsNewest) {
  const fs::path pub = root_ / "pub";
  publisher_->set_test_compressor_held(true);
  std::string content;
  std::vector<std::pair<std::string, std::string>> files;
  for (int version = 1; version <= 5; ++version) {
    content = std::string(300 * version, 'a' + version);
    files = {{"p/ada/news.atom", content},
             {"p/ada/resume.json", content + "{}"}};
    ASSERT_TRUE(publisher_->PublishFiles(files).ok());
    EXPECT_EQ(Read(pub / ".gateway/index.lua"), IndexOf(files, false));
  }
  publisher_->set_test_compressor_held(false);
  publisher_->AwaitCompressed();
  EXPECT_EQ(publisher_->compressed_versions(), 2u);  // one per file
  ExpectVariantsOf(pub, "p/ada/news.atom", content);
  ExpectVariantsOf(pub, "p/ada/resume.json", content + "{}");
  EXPECT_EQ(VariantBlobs(pub).size(), 4u);
  EXPECT_EQ(Read(pub / ".gateway/index.lua"), IndexOf(files, true));
}

// A restart republishes every profile: the files whose bytes did not
// change are indexed with the variants the earlier process made (their
// blobs), at once and without compressing them again.
TEST_F(PublisherTest, ANewPublisherReusesTheVariantsOfUnchangedFiles) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  ASSERT_TRUE(publisher_->Publish("bob", page_).ok());
  publisher_->AwaitCompressed();
  ASSERT_GT(publisher_->compressed_versions(), 0u);
  std::string index = Read(root_ / "pub/.gateway/index.lua");
  ASSERT_THAT(index, HasSubstr(R"(, br = ".br", gzip = ".gz")"));
  publisher_.reset();
  auto again = Publisher::Create((root_ / "pub").string(),
                                 (root_ / "index.html").string(), {});
  ASSERT_TRUE(again.ok()) << again.status();
  publisher_ = std::move(*again);
  publisher_->set_test_compressor_held(true);
  // The first publish sweeps the blobs no index names: not bob's variants.
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  ASSERT_TRUE(publisher_->Publish("bob", page_).ok());
  EXPECT_EQ(Read(root_ / "pub/.gateway/index.lua"), index);
  publisher_->set_test_compressor_held(false);
  publisher_->AwaitCompressed();
  EXPECT_EQ(publisher_->compressed_versions(), 0u);
  for (const char* path : {"p/bob/index.html", "p/bob/news.atom"}) {
    ExpectVariantsOf(root_ / "pub", path, Read(root_ / "pub" / path));
  }
}

TEST_F(PublisherTest, ANewPublisherKeepsIndexingWhatIsPublishedAlready) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  publisher_->AwaitCompressed();
  std::string index = Read(root_ / "pub/.gateway/index.lua");
  auto again = Publisher::Create((root_ / "pub").string(),
                                 (root_ / "index.html").string(), {});
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE((*again)->RemoveAllBut({"ada"}).ok());
  // The same URLs, blobs and etags, without the variants until they are
  // published again: a crash may have left them of another version.
  EXPECT_EQ(
      Read(root_ / "pub/.gateway/index.lua"),
      absl::StrReplaceAll(index, {{R"(, br = ".br", gzip = ".gz")", ""}}));
  EXPECT_THAT(index, ::testing::HasSubstr(R"(, br = ".br", gzip = ".gz")"));
  EXPECT_THAT(index,
              ::testing::HasSubstr(absl::StrCat(
                  R"(["/p/ada"] = {f = ")",
                  BlobPath(FileEtag(Read(root_ / "pub/p/ada/index.html"))))));
}

TEST_F(PublisherTest, KeepsThePreviousFileWhenWritingFails) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  publisher_->AwaitCompressed();  // it writes into p/ada too
  // A file where the document's directory should be: the next document
  // cannot be written (as on a full disk), the JSON can.
  fs::rename(root_ / "pub/p/ada", root_ / "saved");
  Write(root_ / "pub/p/ada", "not a directory");
  page_.mutable_profile()->set_display_name("Ada L.");
  EXPECT_FALSE(publisher_->Publish("ada", page_).ok());
  fs::remove(root_ / "pub/p/ada");
  fs::rename(root_ / "saved", root_ / "pub/p/ada");
  EXPECT_NE(Read(root_ / "pub/p/ada/index.html").find("<title>Ada</title>"),
            std::string::npos);
}

TEST_F(PublisherTest, CreateNamesTheDirectoryItCannotMake) {
  Write(root_ / "file", "not a directory");
  std::string dir = (root_ / "file/pub").string();
  auto created = Publisher::Create(dir, (root_ / "index.html").string(), {});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(
      created.status().message(),
      absl::StrCat("cannot create ", dir, "/v1/profiles: Not a directory"));
}

TEST_F(PublisherTest, UnpublishRemovesBothFiles) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  ASSERT_TRUE(publisher_->Unpublish("ada").ok());
  EXPECT_FALSE(fs::exists(root_ / "pub/p/ada"));
  EXPECT_FALSE(fs::exists(root_ / "pub/v1/profiles/ada"));
  EXPECT_TRUE(fs::is_empty(root_ / "pub/p"));
  EXPECT_EQ(Read(root_ / "pub/.gateway/index.lua"), "return {\n}\n");
  EXPECT_TRUE(publisher_->Unpublish("never-published").ok());
}

TEST_F(PublisherTest, RemoveAllButDropsOtherProfilesAndLeftoverTempFiles) {
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  ASSERT_TRUE(publisher_->Publish("ghost", page_).ok());
  Write(root_ / "pub/p/ada/.index.html.AbC123", "half");
  Write(root_ / "pub/v1/profiles/.gone-x-1", "old");
  Write(root_ / "pub/.gateway/.index.lua.XyZ789", "half");
  fs::create_directories(root_ / "pub/p/ada/pub/one");
  Write(root_ / "pub/p/ada/pub/one/.index.html.Q1w2E3", "half");
  Write(root_ / "pub/.sitemap.xml.R4t5Y6", "half");
  ASSERT_TRUE(publisher_->RemoveAllBut({"ada"}).ok());
  EXPECT_FALSE(fs::exists(root_ / "pub/p/ada/pub/one/.index.html.Q1w2E3"));
  EXPECT_FALSE(fs::exists(root_ / "pub/.sitemap.xml.R4t5Y6"));
  EXPECT_TRUE(fs::exists(root_ / "pub/.gateway/index.lua"));
  EXPECT_FALSE(fs::exists(root_ / "pub/.gateway/.index.lua.XyZ789"));
  EXPECT_FALSE(fs::exists(root_ / "pub/p/ghost"));
  EXPECT_FALSE(fs::exists(root_ / "pub/v1/profiles/ghost"));
  EXPECT_FALSE(fs::exists(root_ / "pub/p/ada/.index.html.AbC123"));
  EXPECT_FALSE(fs::exists(root_ / "pub/v1/profiles/.gone-x-1"));
  EXPECT_TRUE(fs::exists(root_ / "pub/p/ada/index.html"));
  EXPECT_TRUE(fs::exists(root_ / "pub/v1/profiles/ada/page"));
}

TEST_F(PublisherTest, WritesAPaperPageForEachPublicationAndRemovesGoneOnes) {
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  R"({"profile":{"name":"profiles/ada","displayName":"Ada"},
                  "publications":[
                  {"name":"profiles/ada/publications/one","title":"One"},
                  {"name":"profiles/ada/publications/two","title":"Two"}]})",
                  &page_)
                  .ok());
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_NE(Read(root_ / "pub/p/ada/pub/one/index.html")
                .find("<meta name=\"citation_title\" content=\"One\">"),
            std::string::npos);
  EXPECT_NE(Read(root_ / "pub/p/ada/pub/two/index.html")
                .find("<meta name=\"citation_title\" content=\"Two\">"),
            std::string::npos);
  // Beside each, its BibTeX, as `vita pub export` writes it.
  EXPECT_EQ(Read(root_ / "pub/p/ada/pub/one/cite.bib"),
            formats::PublicationToBibtex(page_.publications(0)));
  const v1::Publication one = page_.publications(0);
  page_.mutable_publications()->DeleteSubrange(0, 1);
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_FALSE(fs::exists(root_ / "pub/p/ada/pub/one"));
  // Back with the same bytes (an undo, a restore): both files again.
  *page_.add_publications() = one;
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_TRUE(fs::exists(root_ / "pub/p/ada/pub/one/index.html"));
  EXPECT_EQ(Read(root_ / "pub/p/ada/pub/one/cite.bib"),
            formats::PublicationToBibtex(one));
  page_.mutable_publications()->DeleteSubrange(1, 1);
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_FALSE(fs::exists(root_ / "pub/p/ada/pub/one"));
  EXPECT_TRUE(fs::exists(root_ / "pub/p/ada/pub/two/index.html"));
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(root_ / "pub/p/ada/pub")) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"two"});
  // Files of the gateway's file server, not entries of the index (which
  // every gateway worker loads whole after every publish).
  std::string index = Read(root_ / "pub/.gateway/index.lua");
  EXPECT_NE(index.find("/p/ada\"]"), std::string::npos) << index;
  EXPECT_EQ(index.find("/p/ada/pub/"), std::string::npos) << index;
  ASSERT_TRUE(publisher_->Unpublish("ada").ok());
  EXPECT_FALSE(fs::exists(root_ / "pub/p/ada"));
}

// The citation files (BibTeX, CSL-JSON, JSON Resume) and paper pages are
// rendered again only when the profile or its publications changed since
// they were last published completely; what they show is always current.
TEST_F(PublisherTest,
       KeepsCitationsAndPaperPagesCurrentThroughEveryKindOfChange) {
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  R"({"profile":{"name":"profiles/ada","displayName":"Ada"},
                  "publications":[
                  {"name":"profiles/ada/publications/one","title":"One",
                   "authors":[{"name":"Ada"}],"year":2024}]})",
                  &page_)
                  .ok());
  const fs::path bib = root_ / "pub/p/ada/publications.bib";
  const fs::path paper = root_ / "pub/p/ada/pub/one/index.html";
  const fs::path resume = root_ / "pub/p/ada/resume.json";
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_THAT(Read(bib), HasSubstr("{One}"));
  EXPECT_THAT(Read(paper), HasSubstr("<title>One \u2013 Ada</title>"));
  // A publish that fails: the next one with the same page renders them.
  page_.mutable_publications(0)->set_title("Two");
  publisher_->AwaitCompressed();  // it writes into p/ada too
  fs::rename(root_ / "pub/p/ada", root_ / "saved");
  Write(root_ / "pub/p/ada", "not a directory");
  EXPECT_FALSE(publisher_->Publish("ada", page_).ok());
  fs::remove(root_ / "pub/p/ada");
  fs::rename(root_ / "saved", root_ / "pub/p/ada");
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_THAT(Read(bib), HasSubstr("{Two}"));
  EXPECT_THAT(Read(paper), HasSubstr("<title>Two \u2013 Ada</title>"));
  EXPECT_THAT(Read(resume), HasSubstr(R"("name": "Two")"));
  // News: the page changes, they do not.
  page_.add_news()->set_text("Hello");
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_THAT(Read(root_ / "pub/v1/profiles/ada/page"), HasSubstr("Hello"));
  EXPECT_THAT(Read(bib), HasSubstr("{Two}"));
  // The profile: the paper pages name the owner.
  page_.mutable_profile()->set_display_name("Ada L.");
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_THAT(Read(paper), HasSubstr("<title>Two \u2013 Ada L.</title>"));
  EXPECT_THAT(Read(resume), HasSubstr(R"("name": "Ada L.")"));
  // Unpublished, then published again with the same page.
  ASSERT_TRUE(publisher_->Unpublish("ada").ok());
  ASSERT_TRUE(publisher_->Publish("ada", page_).ok());
  EXPECT_THAT(Read(bib), HasSubstr("{Two}"));
  EXPECT_THAT(Read(paper), HasSubstr("<title>Two \u2013 Ada L.</title>"));
}

TEST_F(PublisherTest, WithAPublicUrlKeepsTheSitemapIndexAndRobotsCurrent) {
  auto created =
      Publisher::Create((root_ / "site").string(),
                        (root_ / "index.html").string(), {"https://x.org"});
  ASSERT_TRUE(created.ok()) << created.status();
  Publisher& site = **created;
  ASSERT_TRUE(site.Publish("ada", page_).ok());
  ASSERT_TRUE(site.Publish("bob", page_).ok());
  EXPECT_TRUE(fs::exists(root_ / "site/p/ada/sitemap.xml"));
  EXPECT_TRUE(fs::exists(root_ / "site/p/ada/news.atom"));
  std::string index = Read(root_ / "site/sitemap.xml");
  EXPECT_NE(index.find("<loc>https://x.org/p/bob/sitemap.xml</loc>"),
            std::string::npos)
      << index;
  ASSERT_TRUE(site.Unpublish("bob").ok());
  index = Read(root_ / "site/sitemap.xml");
  EXPECT_NE(index.find("<loc>https://x.org/p/ada/sitemap.xml</loc>"),
            std::string::npos)
      << index;
  EXPECT_EQ(index.find("bob"), std::string::npos) << index;
  EXPECT_EQ(Read(root_ / "site/robots.txt"),
            "User-agent: *\nAllow: /\nSitemap: https://x.org/sitemap.xml\n");
  // Without a public URL there is no sitemap (it needs absolute URLs).
  EXPECT_FALSE(fs::exists(root_ / "pub/sitemap.xml"));
}

}  // namespace
}  // namespace vita::publish
