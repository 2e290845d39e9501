// Writes the seed corpora that come from a page (the demo data): each
// record as proto bytes (corpus/validation), as the YAML `vita edit` shows
// and as `-o yaml` prints it (corpus/yaml_edit), and next-page tokens for
// the page's lists (corpus/page_token). The other corpora are files copied
// from the tests (tests/fuzz/README.md).
//
// Example:
//
//   build/fuzz/fuzz_seeds deploy/demo/hexu-zhao.json tests/fuzz/corpus
//
// Existing files of the same name are replaced; nothing else is touched.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/yaml_proto.h"
#include "google/protobuf/util/json_util.h"
#include "server/domain/page_token.h"
#include "vita/v1/profile_service.pb.h"

namespace {

bool Write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) std::cerr << "fuzz_seeds: cannot write " << path << "\n";
  return static_cast<bool>(out);
}

// `record` as proto bytes and as YAML, named `name` in each corpus.
bool WriteRecord(const std::string& corpus, const std::string& name,
                 const google::protobuf::Message& record) {
  vita::cli::YamlOptions edit;
  edit.include_empty = true;
  edit.skip_fields = {"name", "etag", "create_time", "update_time"};
  return Write(absl::StrCat(corpus, "/validation/", name, ".pb"),
               record.SerializeAsString()) &&
         Write(absl::StrCat(corpus, "/yaml_edit/", name, ".yaml"),
               vita::cli::MessageToYaml(record)) &&
         Write(absl::StrCat(corpus, "/yaml_edit/", name, "-edit.yaml"),
               vita::cli::MessageToYaml(record, edit));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fuzz_seeds PAGE_JSON CORPUS_DIR\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream json;
  json << in.rdbuf();
  vita::v1::Page page;
  auto parsed = google::protobuf::util::JsonStringToMessage(json.str(), &page);
  if (!in || !parsed.ok()) {
    std::cerr << "fuzz_seeds: " << argv[1] << " is not a vita.v1.Page\n";
    return 1;
  }
  const std::string corpus = argv[2];
  bool ok = WriteRecord(corpus, "profile", page.profile());
  for (int i = 0; i < page.news_size(); ++i) {
    ok = ok && WriteRecord(corpus, absl::StrCat("news-", i), page.news(i));
  }
  for (int i = 0; i < page.publications_size(); ++i) {
    ok = ok && WriteRecord(corpus, absl::StrCat("publication-", i),
                           page.publications(i));
  }
  // "PARENT\nTOKEN", as page_token_fuzz_test reads its input.
  for (const auto& [list, id] :
       {std::pair<std::string, std::string>{"news", "2024-09-join-nyu"},
        {"publications", "zhao-2024-grendel"}}) {
    std::string parent = absl::StrCat(page.profile().name(), "/", list);
    ok = ok && Write(absl::StrCat(corpus, "/page_token/", list),
                     absl::StrCat(parent, "\n",
                                  vita::domain::EncodePageToken(
                                      parent, {"000001727740800", id})));
  }
  return ok ? 0 : 1;
}
