// What crawlers and feed readers fetch beside a profile's page, written
// with libxml2's xmlwriter (every text escaped by the XML library):
//
//   /p/{profile}/news.atom     NewsAtom: an Atom 1.0 feed (RFC 4287) of the
//                              profile's news items
//   /p/{profile}/sitemap.xml   ProfileSitemap: a sitemaps.org <urlset> of
//                              the profile page and its paper pages
//   /sitemap.xml               SitemapIndex: a <sitemapindex> of every
//                              published profile's sitemap
//   /robots.txt                RobotsTxt: allows all and names /sitemap.xml
//
//   std::string feed = NewsAtom("ada", page, {"https://ada.example.org"});
//
// Sitemaps need absolute URLs, so ProfileSitemap, SitemapIndex and RobotsTxt
// REQUIRE a non-empty options.public_base_url. Pure functions; thread-safe.
#ifndef VITA_SERVER_PUBLISH_FEEDS_H_
#define VITA_SERVER_PUBLISH_FEEDS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "server/publish/page_document.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::publish {

// How many news items the Atom feed holds at most (NewsAtom).
inline constexpr int kFeedEntries = 50;

// The Atom feed of the first kFeedEntries news items in the page's order
// (pinned first, then newest first): a subscription feed (RFC 5005), whose
// readers keep the entries they have seen, so an old item leaving the feed
// is not deleted for them, and a profile with years of news does not make
// every write render and send all of it. Feed: id (the
// profile page's URL, or "urn:vita:profiles/{id}" without a public URL),
// title (the display name), updated (the newest update_time of the profile
// and the entries), author, links alternate (the page) and self. Entry: id
// (the page's URL + "#news-{news}", or "urn:vita:{resource name}": stable
// across edits), title (the text as plain text), updated (update_time),
// published (create_time), content type="html" (the Markdown rendered in
// safe mode).
// With a `cache` (render_cache.h), the Markdown is rendered through it; the
// result is the same.
std::string NewsAtom(absl::string_view profile_id, const v1::Page& page,
                     const DocumentOptions& options,
                     RenderCache* cache = nullptr);

// The <urlset> of the profile page (lastmod: the newest update_time of the
// profile and its items) and each paper page (lastmod: its update_time).
std::string ProfileSitemap(absl::string_view profile_id, const v1::Page& page,
                           const DocumentOptions& options);

// The <sitemapindex> naming {public}/p/{id}/sitemap.xml for each id.
std::string SitemapIndex(const std::vector<std::string>& profile_ids,
                         const DocumentOptions& options);

// "User-agent: *\nAllow: /\nSitemap: {public}/sitemap.xml\n".
std::string RobotsTxt(const DocumentOptions& options);

}  // namespace vita::publish

#endif  // VITA_SERVER_PUBLISH_FEEDS_H_
