// What one publish costs, alone: the CPU and wall time of
// publish::Publisher::Publish for a page of N news items (the demo's
// profile and publications, N generated news items), each publish after
// one more news item was added at the top, as a CreateNewsItem does. No
// gRPC, no SQLite, no other thread but the Publisher's compressor (which
// waits for the burst to pause, publisher.h): the publish path itself, for
// comparing its code between builds more steadily than writes through the
// whole server can (bench/writes.sh).
//
// Usage: publish_cost PAGE_JSON TEMPLATE_HTML [--items N] [--publishes K]
//                     [--profiles P]
//   PAGE_JSON      a page as GetPage's JSON (deploy/demo/hexu-zhao.json)
//   TEMPLATE_HTML  the page template: the web root's index.html (as
//                  deployed), or web/index.html (the same markers, without
//                  the inline code and style)
//   --items        news items before the first timed publish [500]
//   --publishes    timed publishes [200]
//   --profiles     profiles published (copies of the page, as a lab's
//                  server holds), one of which the timed publishes write [1]
// Prints one line of JSON:
//   {"items":500,"publishes":200,"profiles":1,"cpu_us_per_publish":…,
//    "wall_us_per_publish":…}
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "server/publish/files.h"
#include "server/publish/publisher.h"

namespace {

int Usage(const char* why) {
  std::fprintf(stderr,
               "publish_cost: %s\nusage: publish_cost PAGE_JSON TEMPLATE_HTML "
               "[--items N] [--publishes K] [--profiles P]\n",
               why);
  return 2;
}

double ThreadCpuMicros() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

// Adds news item `n` at the top of `page`, as CreateNewsItem would store it
// (a name, a date, a text, times and an etag of its own), and gives the page
// a new etag.
void AddNews(vita::v1::Page* page, const std::string& profile, int n) {
  vita::v1::NewsItem item;
  item.set_name(absl::StrCat(profile, "/news/bench-", n));
  item.mutable_date()->set_year(2025);
  item.mutable_date()->set_month(1);
  item.set_text(absl::StrCat("Bench write ", n,
                             ", with *Markdown* and a "
                             "[link](https://example.org/",
                             n, ")."));
  item.mutable_create_time()->set_seconds(1700000000 + n);
  *item.mutable_update_time() = item.create_time();
  item.set_etag(absl::StrCat("e", n));
  page->mutable_news()->Add(std::move(item));
  std::rotate(page->mutable_news()->pointer_begin(),
              page->mutable_news()->pointer_end() - 1,
              page->mutable_news()->pointer_end());
  page->set_etag(absl::StrCat("page-", n));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage("two operands needed");
  int items = 500;
  int publishes = 200;
  int profiles = 1;
  for (int i = 3; i < argc; i += 2) {
    std::string flag = argv[i];
    int* value = flag == "--items"       ? &items
                 : flag == "--publishes" ? &publishes
                 : flag == "--profiles"  ? &profiles
                                         : nullptr;
    if (value == nullptr || i + 1 >= argc ||
        !absl::SimpleAtoi(argv[i + 1], value) || *value < 1) {
      return Usage(absl::StrCat("bad option ", flag).c_str());
    }
  }
  absl::StatusOr<std::string> json = vita::publish::ReadFile(argv[1]);
  if (!json.ok()) return Usage("cannot read PAGE_JSON");
  vita::v1::Page page;
  if (!google::protobuf::util::JsonStringToMessage(*json, &page).ok()) {
    return Usage("PAGE_JSON is not a page");
  }
  const std::string profile = page.profile().name();
  const std::string id = profile.substr(profile.find('/') + 1);
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              absl::StrCat("vita-publish-cost-", getpid());
  int status = 0;
  {
    absl::StatusOr<std::unique_ptr<vita::publish::Publisher>> publisher =
        vita::publish::Publisher::Create(dir.string(), argv[2], {});
    if (!publisher.ok()) {
      std::fprintf(stderr, "publish_cost: %s\n",
                   std::string(publisher.status().message()).c_str());
      return 1;
    }
    // The other profiles: the demo under other names.
    for (int other = 1; other < profiles; ++other) {
      vita::v1::Page copy = page;
      std::string name = absl::StrCat(id, "-", other);
      copy.mutable_profile()->set_name(absl::StrCat("profiles/", name));
      (*publisher)->Publish(name, copy).IgnoreError();
    }
    int n = 0;
    while (page.news_size() < items) AddNews(&page, profile, ++n);
    (*publisher)->Publish(id, page).IgnoreError();  // the first: everything
    double cpu = 0;
    auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < publishes && status == 0; ++k) {
      AddNews(&page, profile, ++n);
      double before = ThreadCpuMicros();
      absl::Status s = (*publisher)->Publish(id, page);
      cpu += ThreadCpuMicros() - before;
      if (!s.ok()) {
        std::fprintf(stderr, "publish_cost: %s\n",
                     std::string(s.message()).c_str());
        status = 1;
      }
    }
    double wall = std::chrono::duration<double, std::micro>(
                      std::chrono::steady_clock::now() - start)
                      .count();
    if (status == 0) {
      std::printf(
          "{\"items\":%d,\"publishes\":%d,\"profiles\":%d,"
          "\"cpu_us_per_publish\":%.0f,\"wall_us_per_publish\":%.0f}\n",
          items, publishes, profiles, cpu / publishes, wall / publishes);
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return status;
}
