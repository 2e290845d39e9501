#include "server/publish/render_cache.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/digest.h"
#include "server/publish/page_document.h"

namespace vita::publish {

const std::string* RenderCache::TwoRounds::Find(const std::string& key) {
  if (auto found = current_.find(key); found != current_.end()) {
    return &found->second;
  }
  auto found = previous_.find(key);
  if (found == previous_.end()) return nullptr;
  std::string value = std::move(found->second);
  previous_.erase(found);
  return &Insert(key, std::move(value));
}

const std::string& RenderCache::TwoRounds::Insert(std::string key,
                                                  std::string value) {
  return current_.insert_or_assign(std::move(key), std::move(value))
      .first->second;
}

void RenderCache::TwoRounds::EndRound() {
  previous_ = std::move(current_);
  current_.clear();
}

absl::StatusOr<std::string> RenderCache::RecordJson(
    const google::protobuf::Message& record) {
  // Its type and the digest of its bytes, not the bytes: a short key keeps
  // the cache near the size of the JSON it holds. (Records of two types
  // may have the same bytes.)
  std::string key = absl::StrCat(record.GetDescriptor()->full_name(), " ",
                                 domain::Sha256(record.SerializeAsString()));
  if (const std::string* json = json_.Find(key)) return *json;
  VITA_ASSIGN_OR_RETURN(std::string json, publish::RecordJson(record));
  return json_.Insert(std::move(key), std::move(json));
}

absl::StatusOr<std::string> RenderCache::PageJson(const v1::Page& page) {
  // The printer writes the set fields in field-number order, without
  // white space, and leaves out empty ones (page_document.h PageJson):
  // {"profile":…,"news":[…],"publications":[…],"etag":"…"}.
  std::string json = "{";
  auto field = [&json](absl::string_view name) {
    if (json.size() > 1) json += ',';
    absl::StrAppend(&json, "\"", name, "\":");
  };
  if (page.has_profile()) {
    field("profile");
    VITA_ASSIGN_OR_RETURN(std::string profile, RecordJson(page.profile()));
    json += profile;
  }
  auto list = [&](absl::string_view name, const auto& records) -> absl::Status {
    if (records.empty()) return absl::OkStatus();
    field(name);
    json += '[';
    for (int i = 0; i < records.size(); ++i) {
      if (i > 0) json += ',';
      VITA_ASSIGN_OR_RETURN(std::string record, RecordJson(records[i]));
      json += record;
    }
    json += ']';
    return absl::OkStatus();
  };
  VITA_RETURN_IF_ERROR(list("news", page.news()));
  VITA_RETURN_IF_ERROR(list("publications", page.publications()));
  if (!page.etag().empty()) {
    // As the printer escapes it: the page of the etag alone, {"etag":"…"},
    // without its braces.
    v1::Page etag_only;
    etag_only.set_etag(page.etag());
    VITA_ASSIGN_OR_RETURN(std::string etag, publish::PageJson(etag_only));
    if (json.size() > 1) json += ',';
    json.append(etag, 1, etag.size() - 2);
  }
  json += '}';
  return json;
}

std::string RenderCache::MarkdownToHtml(absl::string_view markdown) {
  std::string key(markdown);
  if (const std::string* html = html_.Find(key)) return *html;
  std::string html = publish::MarkdownToHtml(markdown);
  return html_.Insert(std::move(key), std::move(html));
}

const std::string& RenderCache::MarkdownToHtmlJson(absl::string_view markdown) {
  std::string key(markdown);
  if (const std::string* json = html_json_.Find(key)) return *json;
  return html_json_.Insert(std::move(key),
                           JsonString(MarkdownToHtml(markdown)));
}

const std::string& RenderCache::MarkdownToText(absl::string_view markdown) {
  std::string key(markdown);
  if (const std::string* text = text_.Find(key)) return *text;
  return text_.Insert(std::move(key), publish::MarkdownToText(markdown));
}

void RenderCache::EndRound() {
  json_.EndRound();
  html_.EndRound();
  html_json_.EndRound();
  text_.EndRound();
}

}  // namespace vita::publish
