// Unit tests of the terminal renderings (cli/render.h): one record as
// "key: value" lines, lists as tables, the whole page, enum short names.
#include "cli/render.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace vita::cli {
namespace {

using vita::v1::Publication;
using vita::v1::PublicationLink;

vita::v1::NewsItem News(const std::string& id, int year, int month,
                        const std::string& text, bool pinned) {
  vita::v1::NewsItem item;
  item.set_name("profiles/hexu/news/" + id);
  item.mutable_date()->set_year(year);
  item.mutable_date()->set_month(month);
  item.set_text(text);
  item.set_pinned(pinned);
  return item;
}

Publication Grendel() {
  Publication p;
  p.set_name("profiles/hexu/publications/grendel");
  p.set_title("On Scaling Up 3D Gaussian Splatting Training");
  auto* a = p.add_authors();
  a->set_name("Yonghao Zhuang");
  a->set_equal_contribution(true);
  auto* b = p.add_authors();
  b->set_name("Hexu Zhao");
  b->set_is_owner(true);
  auto* c = p.add_authors();
  c->set_name("Hao Zhang");
  c->set_corresponding(true);
  p.set_venue("ICLR 2025");
  p.set_status(Publication::ACCEPTED);
  p.set_year(2025);
  auto* link = p.add_links();
  link->set_kind(PublicationLink::ARXIV);
  link->set_url("https://arxiv.org/abs/2406.18533");
  auto* code = p.add_links();
  code->set_kind(PublicationLink::CODE);
  code->set_label("GitHub");
  code->set_url("https://github.com/nyu-systems/Grendel-GS");
  p.set_selected(true);
  return p;
}

TEST(RenderTest, ANewsItemIsKeyValueLinesThenItsIndentedText) {
  std::ostringstream out;
  vita::v1::NewsItem item = News("join", 2024, 3, "I will join NYU.\nSoon.",
                                 /*pinned=*/false);
  item.set_etag("e1");
  RenderNewsItem(item, out);
  EXPECT_EQ(out.str(),
            "id:                 join\n"
            "date:               2024-03\n"
            "pinned:             no\n"
            "etag:               e1\n"
            "text:\n"
            "  I will join NYU.\n"
            "  Soon.\n");
}

TEST(RenderTest, NewsItemsAreATableWithPinnedMarkedAndLongTextCut) {
  google::protobuf::RepeatedPtrField<vita::v1::NewsItem> items;
  *items.Add() = News("join", 2024, 3, "I will join NYU.", true);
  *items.Add() = News("talk", 2023, 11, std::string(80, 'x'), false);
  std::ostringstream out;
  RenderNewsItems(items, out);
  EXPECT_EQ(out.str(),
            "ID    DATE     PINNED  TEXT\n"
            "join  2024-03  yes     I will join NYU.\n"
            "talk  2023-11          " +
                std::string(69, 'x') + "…\n");
  std::ostringstream empty;
  RenderNewsItems({}, empty);
  EXPECT_EQ(empty.str(), "no news items\n");
}

TEST(RenderTest, APublicationShowsItsAuthorsStatusLinksAndSelection) {
  std::ostringstream out;
  RenderPublication(Grendel(), out);
  EXPECT_EQ(out.str(),
            "id:                 grendel\n"
            "title:              On Scaling Up 3D Gaussian Splatting "
            "Training\n"
            "authors:            *Yonghao Zhuang, @Hexu Zhao, Hao Zhang^\n"
            "venue:              ICLR 2025\n"
            "status:             accepted\n"
            "year:               2025\n"
            "link arxiv:         https://arxiv.org/abs/2406.18533\n"
            "link code:          https://github.com/nyu-systems/Grendel-GS "
            "(GitHub)\n"
            "selected:           yes\n");
}

TEST(RenderTest, PublicationsAreATableOfIdYearStatusTitleAndVenue) {
  google::protobuf::RepeatedPtrField<Publication> pubs;
  *pubs.Add() = Grendel();
  std::ostringstream out;
  RenderPublications(pubs, out);
  EXPECT_EQ(out.str(),
            "ID       YEAR  STATUS    TITLE                                  "
            "       VENUE\n"
            "grendel  2025  accepted  On Scaling Up 3D Gaussian Splatting "
            "Training  ICLR 2025\n");
}

TEST(RenderTest, ProfilesAreATableAndAProfileItsFields) {
  vita::v1::Profile p;
  p.set_name("profiles/hexu");
  p.set_display_name("Hexu Zhao");
  p.add_name_variants("H. Zhao");
  p.add_name_variants("Zhao, Hexu");
  p.set_headline("Ph.D. student");
  auto* email = p.add_emails();
  email->set_address("hz@nyu.edu");
  email->set_kind(vita::v1::Email::WORK);
  auto* link = p.add_links();
  link->set_kind(vita::v1::ProfileLink::GOOGLE_SCHOLAR);
  link->set_url("https://scholar.google.com/x");
  p.set_bio("Line one.\nLine two.");
  std::ostringstream one;
  RenderProfile(p, one);
  EXPECT_EQ(one.str(),
            "id:                 hexu\n"
            "display name:       Hexu Zhao\n"
            "name variants:      H. Zhao; Zhao, Hexu\n"
            "headline:           Ph.D. student\n"
            "email:              hz@nyu.edu (work)\n"
            "link scholar:       https://scholar.google.com/x\n"
            "bio:\n"
            "  Line one.\n"
            "  Line two.\n");
  google::protobuf::RepeatedPtrField<vita::v1::Profile> all;
  *all.Add() = p;
  std::ostringstream table;
  RenderProfiles(all, table);
  EXPECT_EQ(table.str(),
            "ID    DISPLAY NAME  HEADLINE       AFFILIATION\n"
            "hexu  Hexu Zhao     Ph.D. student\n");
}

TEST(RenderTest, ThePageHasItsSectionsInOrder) {
  vita::v1::Page page;
  vita::v1::Profile& p = *page.mutable_profile();
  p.set_display_name("Hexu Zhào");
  p.set_headline("Ph.D. student");
  auto* link = p.add_links();
  link->set_kind(vita::v1::ProfileLink::GITHUB);
  link->set_url("https://github.com/hexu");
  p.add_research_interests("ML systems");
  p.add_research_interests("graphics");
  *page.add_news() = News("join", 2024, 3, "I will join NYU.", true);
  *page.add_publications() = Grendel();
  auto* edu = p.add_education();
  edu->set_degree("Ph.D.");
  edu->set_institution("NYU");
  edu->mutable_start()->set_year(2024);
  std::ostringstream out;
  RenderPage(page, out);
  EXPECT_EQ(out.str(),
            "Hexu Zhào\n"
            "=========\n"
            "Ph.D. student\n"
            "[github] https://github.com/hexu\n"
            "\n"
            "Research interests: ML systems, graphics\n"
            "\n"
            "News\n"
            "----\n"
            "- 2024-03 (pinned): I will join NYU.\n"
            "\n"
            "Publications\n"
            "------------\n"
            "- On Scaling Up 3D Gaussian Splatting Training\n"
            "  Yonghao Zhuang*, _Hexu Zhao_, Hao Zhang†\n"
            "  ICLR 2025 (accepted)\n"
            "  [arxiv] https://arxiv.org/abs/2406.18533\n"
            "  [GitHub] https://github.com/nyu-systems/Grendel-GS\n"
            "\n"
            "Education\n"
            "---------\n"
            "- Ph.D., NYU (2024 – present)\n");
}

TEST(RenderTest, ShortNamesAreLowerCaseWithDashes) {
  EXPECT_EQ(ShortName(vita::v1::ProfileLink::GOOGLE_SCHOLAR), "scholar");
  EXPECT_EQ(ShortName(vita::v1::ProfileLink::LINKEDIN), "linkedin");
  EXPECT_EQ(ShortName(Publication::UNDER_SUBMISSION), "under-submission");
  EXPECT_EQ(ShortName(PublicationLink::PROJECT_PAGE), "project");
  EXPECT_EQ(ShortName(PublicationLink::GOOGLE_SCHOLAR), "scholar");
  EXPECT_EQ(ShortName(PublicationLink::SLIDES), "slides");
}

}  // namespace
}  // namespace vita::cli
