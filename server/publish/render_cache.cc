#include "server/publish/render_cache.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "server/domain/digest.h"
#include "server/publish/page_document.h"

namespace vita::publish {

const std::string* RenderCache::Memo::Find(absl::string_view key) {
  auto found = entries_.find(key);
  if (found == entries_.end()) return nullptr;
  found->second.round = round_;
  return &found->second.value;
}

const std::string& RenderCache::Memo::Insert(std::string key,
                                             std::string value) {
  return entries_
      .insert_or_assign(std::move(key), Entry{std::move(value), round_})
      .first->second.value;
}

void RenderCache::Memo::EndRound() {
  absl::erase_if(entries_, [this](const auto& entry) {
    return entry.second.round != round_;
  });
  ++round_;
}

template <typename Record>
absl::StatusOr<const std::string*> RenderCache::RecordJson(
    const Record& record) {
  // Short keys keep the cache near the size of the JSON it holds. (Records
  // of two types may have the same name, etag or bytes.) Made in key_, whose
  // buffer every lookup reuses.
  key_.clear();
  if (record.etag().empty()) {
    absl::StrAppend(&key_, Record::descriptor()->full_name(), " #",
                    domain::Sha256(record.SerializeAsString()));
  } else {
    absl::StrAppend(&key_, Record::descriptor()->full_name(), " ",
                    record.name(), " ", record.etag());
  }
  if (const std::string* json = json_.Find(key_)) return json;
  VITA_ASSIGN_OR_RETURN(std::string json, publish::RecordJson(record));
  return &json_.Insert(key_, std::move(json));
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
    VITA_ASSIGN_OR_RETURN(const std::string* profile,
                          RecordJson(page.profile()));
    json += *profile;
  }
  auto list = [&](absl::string_view name, const auto& records) -> absl::Status {
    if (records.empty()) return absl::OkStatus();
    field(name);
    json += '[';
    for (int i = 0; i < records.size(); ++i) {
      if (i > 0) json += ',';
      VITA_ASSIGN_OR_RETURN(const std::string* record, RecordJson(records[i]));
      json += *record;
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

const std::string& RenderCache::MarkdownToHtml(absl::string_view markdown) {
  if (const std::string* html = html_.Find(markdown)) return *html;
  return html_.Insert(std::string(markdown), publish::MarkdownToHtml(markdown));
}

const std::string& RenderCache::MarkdownToHtmlJson(absl::string_view markdown) {
  if (const std::string* json = html_json_.Find(markdown)) return *json;
  std::string json = JsonString(MarkdownToHtml(markdown));
  return html_json_.Insert(std::string(markdown), std::move(json));
}

const std::string& RenderCache::MarkdownToText(absl::string_view markdown) {
  if (const std::string* text = text_.Find(markdown)) return *text;
  return text_.Insert(std::string(markdown), publish::MarkdownToText(markdown));
}

const std::string& RenderCache::Memoized(
    absl::string_view key, absl::FunctionRef<std::string()> render) {
  if (const std::string* value = other_.Find(key)) return *value;
  std::string value = render();
  return other_.Insert(std::string(key), std::move(value));
}

void RenderCache::EndRound() {
  json_.EndRound();
  html_.EndRound();
  html_json_.EndRound();
  text_.EndRound();
  other_.EndRound();
}

}  // namespace vita::publish
