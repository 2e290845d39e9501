#include "server/publish/feeds.h"

#include <libxml/xmlwriter.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/resource_name.h"
#include "google/protobuf/util/time_util.h"
#include "server/publish/paper_page.h"
#include "server/publish/render_cache.h"

namespace vita::publish {
namespace {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

const xmlChar* X(const char* text) {
  return reinterpret_cast<const xmlChar*>(text);
}

// An xmlTextWriter into a memory buffer, indented, UTF-8.
class XmlDocument {
 public:
  XmlDocument()
      : buffer_(xmlBufferCreate(), &xmlBufferFree),
        writer_(xmlNewTextWriterMemory(buffer_.get(), 0), &xmlFreeTextWriter) {
    xmlTextWriterSetIndent(writer_.get(), 1);
    xmlTextWriterSetIndentString(writer_.get(), X("  "));
    xmlTextWriterStartDocument(writer_.get(), nullptr, "UTF-8", nullptr);
  }
  void Start(const char* name) {
    xmlTextWriterStartElement(writer_.get(), X(name));
  }
  void Attribute(const char* name, const std::string& value) {
    xmlTextWriterWriteAttribute(writer_.get(), X(name), X(value.c_str()));
  }
  void End() { xmlTextWriterEndElement(writer_.get()); }
  // <link rel="rel" type="type" href="href"/>
  void Link(const char* rel, const char* type, const std::string& href) {
    Start("link");
    Attribute("rel", rel);
    Attribute("type", type);
    Attribute("href", href);
    End();
  }
  void Text(const std::string& text) {
    xmlTextWriterWriteString(writer_.get(), X(text.c_str()));
  }
  // <name>text</name>
  void Element(const char* name, const std::string& text) {
    xmlTextWriterWriteElement(writer_.get(), X(name), X(text.c_str()));
  }
  std::string Finish() {
    xmlTextWriterEndDocument(writer_.get());
    writer_.reset();
    return std::string(reinterpret_cast<const char*>(buffer_->content),
                       buffer_->use);
  }

 private:
  std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer_;
  std::unique_ptr<xmlTextWriter, decltype(&xmlFreeTextWriter)> writer_;
};

// RFC 3339 in UTC ("2024-03-05T10:00:00Z"); the epoch for an unset time.
std::string Rfc3339(const Timestamp& time) { return TimeUtil::ToString(time); }

const Timestamp& Newer(const Timestamp& a, const Timestamp& b) {
  return b > a ? b : a;
}

// The newest update_time of the profile and its items.
Timestamp PageUpdated(const v1::Page& page) {
  Timestamp newest = page.profile().update_time();
  for (const v1::NewsItem& n : page.news())
    newest = Newer(newest, n.update_time());
  for (const v1::Publication& p : page.publications()) {
    newest = Newer(newest, p.update_time());
  }
  return newest;
}

std::string ProfileUrl(absl::string_view profile_id,
                       const DocumentOptions& options) {
  return absl::StrCat(options.public_base_url, "/p/", profile_id);
}

// One entry of the news feed, as the feed's writer writes it (indented
// inside <feed>: "  <entry>\n" to "  </entry>\n"): written in a feed of its
// own and cut out of it.
std::string FeedEntry(const v1::NewsItem& n, const std::string& page_url,
                      bool absolute, RenderCache* cache) {
  XmlDocument xml;
  xml.Start("feed");
  xml.Start("entry");
  xml.Element("id", absolute
                        ? absl::StrCat(page_url, "#news-", ItemIdOf(n.name()))
                        : absl::StrCat("urn:vita:", n.name()));
  std::string title =
      Truncate300(cache != nullptr ? cache->MarkdownToText(n.text())
                                   : MarkdownToText(n.text()));
  xml.Element("title", title.empty() ? "News" : title);
  xml.Element("updated", Rfc3339(n.update_time()));
  xml.Element("published", Rfc3339(n.create_time()));
  xml.Link("alternate", "text/html", page_url);
  xml.Start("content");
  xml.Attribute("type", "html");
  xml.Text(cache != nullptr ? cache->MarkdownToHtml(n.text())
                            : MarkdownToHtml(n.text()));
  xml.End();
  xml.End();
  xml.End();
  std::string feed = xml.Finish();
  const size_t begin = feed.find("  <entry>");
  return feed.substr(begin, feed.rfind("</feed>") - begin);
}

}  // namespace

std::string NewsAtom(absl::string_view profile_id, const v1::Page& page,
                     const DocumentOptions& options, RenderCache* cache) {
  const v1::Profile& profile = page.profile();
  std::string owner = profile.display_name().empty() ? std::string(profile_id)
                                                     : profile.display_name();
  bool absolute = !options.public_base_url.empty();
  std::string page_url = ProfileUrl(profile_id, options);
  // The entries: the page's first kFeedEntries news items.
  auto entries = page.news().begin();
  auto entries_end = entries + std::min(page.news().size(), kFeedEntries);
  Timestamp updated = profile.update_time();
  for (auto n = entries; n != entries_end; ++n) {
    updated = Newer(updated, n->update_time());
  }

  XmlDocument xml;  // the feed without its entries, which go before its end
  xml.Start("feed");
  xml.Attribute("xmlns", "http://www.w3.org/2005/Atom");
  xml.Element("id", absolute ? page_url
                             : absl::StrCat("urn:vita:profiles/", profile_id));
  xml.Element("title", absl::StrCat(owner, ": news"));
  xml.Element("updated", Rfc3339(updated));
  xml.Start("author");
  xml.Element("name", owner);
  if (absolute) xml.Element("uri", page_url);
  xml.End();
  xml.Link("alternate", "text/html", page_url);
  xml.Link("self", "application/atom+xml",
           absl::StrCat(page_url, "/news.atom"));
  xml.End();
  std::string feed = xml.Finish();
  const size_t end = feed.rfind("</feed>");
  std::string out = feed.substr(0, end);
  for (auto entry = entries; entry != entries_end; ++entry) {
    const v1::NewsItem& n = *entry;
    if (cache == nullptr || n.etag().empty()) {
      out += FeedEntry(n, page_url, absolute, cache);
    } else {
      // An entry is made from its record (its name and etag: the store's
      // digest of the rest; render_cache.h) and the page's URL.
      out += cache->Memoized(
          absl::StrCat("atom ", page_url, " ", n.name(), " ", n.etag()),
          [&] { return FeedEntry(n, page_url, absolute, cache); });
    }
  }
  out.append(feed, end);
  return out;
}

std::string ProfileSitemap(absl::string_view profile_id, const v1::Page& page,
                           const DocumentOptions& options) {
  XmlDocument xml;
  xml.Start("urlset");
  xml.Attribute("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
  xml.Start("url");
  xml.Element("loc", ProfileUrl(profile_id, options));
  xml.Element("lastmod", Rfc3339(PageUpdated(page)));
  xml.End();
  for (const v1::Publication& p : page.publications()) {
    std::string path = PaperPath(p.name());
    if (path.empty()) continue;
    xml.Start("url");
    xml.Element("loc", absl::StrCat(options.public_base_url, path));
    xml.Element("lastmod", Rfc3339(p.update_time()));
    xml.End();
  }
  xml.End();
  return xml.Finish();
}

std::string SitemapIndex(const std::vector<std::string>& profile_ids,
                         const DocumentOptions& options) {
  XmlDocument xml;
  xml.Start("sitemapindex");
  xml.Attribute("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
  for (const std::string& id : profile_ids) {
    xml.Start("sitemap");
    xml.Element("loc", absl::StrCat(ProfileUrl(id, options), "/sitemap.xml"));
    xml.End();
  }
  xml.End();
  return xml.Finish();
}

std::string RobotsTxt(const DocumentOptions& options) {
  return absl::StrCat("User-agent: *\nAllow: /\nSitemap: ",
                      options.public_base_url, "/sitemap.xml\n");
}

}  // namespace vita::publish
