// End-to-end tests of `vita profile ...` against a real server.
#include <gtest/gtest.h>

#include "cli/yaml_proto.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/cli/cli_test_base.h"
#include "tests/support/grpc_client.h"
#include "vita/v1/profile_service.pb.h"

namespace vita::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

class ProfileCliTest : public CliTest {};

TEST_F(ProfileCliTest, CreateGetListSetDelete) {
  VitaOk({"profile", "create", "hexu", "--display-name", "Hexu Zhao",
          "--name-variant", "H. Zhao", "--email", "hz3496@nyu.edu", "--email",
          "me@example.com:personal", "--link", "github=https://github.com/hexu",
          "--interest", "ML systems"});
  vita::v1::Profile p;
  ReadJson({"profile", "get", "hexu"}, &p);
  EXPECT_EQ(p.name(), "profiles/hexu");
  EXPECT_EQ(p.display_name(), "Hexu Zhao");
  ASSERT_EQ(p.name_variants_size(), 1);
  ASSERT_EQ(p.emails_size(), 2);
  EXPECT_EQ(p.emails(0).kind(), vita::v1::Email::WORK);
  EXPECT_EQ(p.emails(1).kind(), vita::v1::Email::PERSONAL);
  ASSERT_EQ(p.links_size(), 1);
  EXPECT_EQ(p.links(0).kind(), vita::v1::ProfileLink::GITHUB);

  // Table output names the profile.
  std::string table = VitaOk({"profile", "list"});
  EXPECT_NE(table.find("hexu"), std::string::npos) << table;
  EXPECT_NE(table.find("Hexu Zhao"), std::string::npos) << table;
  vita::v1::ListProfilesResponse list;
  ReadJson({"profile", "list"}, &list);
  ASSERT_EQ(list.profiles_size(), 1);

  // set: single fields; the rest stays.
  std::string bio = "I build **systems** for ML.\n\nSecond paragraph.";
  std::string bio_file = WriteFile("bio.md", bio + "\n");
  VitaOk({"profile", "set", "hexu", "--bio-file", bio_file, "--add-link",
          "scholar=https://scholar.google.com/citations?user=x", "--headline",
          "Ph.D. student", "--remove-email", "me@example.com",
          "--add-name-variant", "Zhao, Hexu"});
  vita::v1::Profile after;
  ReadJson({"profile", "get", "hexu"}, &after);
  EXPECT_EQ(after.bio(), bio);
  EXPECT_EQ(after.headline(), "Ph.D. student");
  ASSERT_EQ(after.links_size(), 2);
  EXPECT_EQ(after.links(1).kind(), vita::v1::ProfileLink::GOOGLE_SCHOLAR);
  EXPECT_EQ(after.emails_size(), 1);
  EXPECT_EQ(after.name_variants_size(), 2);
  EXPECT_EQ(after.display_name(), p.display_name());
  EXPECT_EQ(after.research_interests_size(), 1);
  EXPECT_FALSE(p.etag().empty());
  EXPECT_FALSE(after.etag().empty());
  EXPECT_NE(after.etag(), p.etag());

  // Replacing a link of the same kind, removing by kind.
  VitaOk(
      {"profile", "set", "hexu", "--add-link", "github=https://github.com/h2"});
  VitaOk({"profile", "set", "hexu", "--remove-link", "scholar"});
  ReadJson({"profile", "get", "hexu"}, &after);
  ASSERT_EQ(after.links_size(), 1);
  EXPECT_EQ(after.links(0).url(), "https://github.com/h2");

  // Setting the same value again is a no-op.
  RunResult same =
      Vita({"profile", "set", "hexu", "--headline", "Ph.D. student"});
  EXPECT_EQ(same.exit_code, 0) << same;
  EXPECT_EQ(same.err, "no changes: profiles/hexu already has these values\n")
      << same;
  vita::v1::Profile unchanged;
  ReadJson({"profile", "get", "hexu"}, &unchanged);
  EXPECT_EQ(unchanged.etag(), after.etag());

  VitaOk({"profile", "delete", "hexu"});
  RunResult gone = Vita({"profile", "get", "hexu"});
  EXPECT_EQ(gone.exit_code, 5) << gone;
}

TEST_F(ProfileCliTest, YamlOutputParsesBackToTheJsonOutput) {
  CreateProfile("ana", "Ana Lovelace", {"A. Lovelace"});
  VitaOk({"profile", "set", "ana", "--bio", "Line one\nline two: with colon",
          "--headline", "2024", "--add-email", "ana@example.org"});
  vita::v1::Profile from_json;
  ReadJson({"profile", "get", "ana"}, &from_json);
  std::string yaml = VitaOk({"-o", "yaml", "profile", "get", "ana"});
  vita::v1::Profile from_yaml;
  ASSERT_TRUE(vita::cli::YamlToMessage(yaml, "out.yaml", &from_yaml).ok())
      << yaml;
  EXPECT_TRUE(MessageDifferencer::Equals(from_json, from_yaml)) << yaml;
}

TEST_F(ProfileCliTest, WithNoProfileOnTheServerSaysHowToAddOne) {
  RunResult r = Vita({"profile", "get"});
  EXPECT_EQ(r.exit_code, 5) << r;
  EXPECT_EQ(r.err,
            "error: not found: no profile on the server yet (create one with "
            "`vita profile add ID --display-name NAME`)\n")
      << r;
}

TEST_F(ProfileCliTest, DefaultProfileFromEnvConfigOrTheOnlyOne) {
  CreateProfile("first", "First Person");
  // With one profile on the server, it is the default.
  VitaOk({"profile", "set", "--headline", "Only one"});
  CreateProfile("second", "Second Person");
  RunResult ambiguous = Vita({"profile", "set", "--headline", "x"});
  EXPECT_EQ(ambiguous.exit_code, 4) << ambiguous;
  EXPECT_EQ(ambiguous.err,
            "error: which profile? pass --profile ID or set VITA_PROFILE (see "
            "`vita profile list`)\n")
      << ambiguous;
  // VITA_PROFILE, then a config file.
  VitaOk({"profile", "set", "--headline", "From env"},
         {{"VITA_PROFILE", "second"}});
  WriteFile(".config/vita/config.yaml", "");  // make sure the dir exists
  std::system(("mkdir -p " + dir_ + "/.config/vita").c_str());
  WriteFile(".config/vita/config.yaml",
            "server: " + server_->address() + "\nprofile: first\n");
  RunResult from_config = RunVita({"profile", "get", "-o", "json"}, {}, dir_);
  EXPECT_EQ(from_config.exit_code, 0) << from_config;
  EXPECT_NE(from_config.out.find("Only one"), std::string::npos) << from_config;
  vita::v1::Profile second;
  ReadJson({"--profile", "second", "profile", "get"}, &second);
  EXPECT_EQ(second.headline(), "From env");
}

TEST_F(ProfileCliTest, SetWithAStaleEtagIsAConflictAndChangesNothing) {
  CreateProfile("hexu", "Hexu Zhao");
  VitaOk({"profile", "set", "--headline", "Old", "--add-interest", "Ours"});
  // Between vita's read and its update another client changes the profile.
  auto other = NewStub(server_->address());
  int other_edits = 0;
  grpc::Status other_edit;
  PausingProxy proxy(
      server_->address(), [&](const std::string& method, const std::string&) {
        if (method != "/vita.v1.ProfileService/UpdateProfile") return;
        vita::v1::UpdateProfileRequest update;
        update.mutable_profile()->set_name("profiles/hexu");
        update.mutable_profile()->set_headline("Theirs");
        update.mutable_profile()->add_research_interests("Theirs too");
        update.mutable_update_mask()->add_paths("headline");
        update.mutable_update_mask()->add_paths("research_interests");
        grpc::ClientContext ctx;
        Authorize(ctx, kTestAdminToken);
        vita::v1::Profile updated;
        other_edit = other->UpdateProfile(&ctx, update, &updated);
        ++other_edits;
      });
  RunResult r = RunVita(
      {"--server", proxy.address(), "--token-file", server_->token_file(),
       "profile", "set", "--headline", "Mine", "--add-interest", "Mine too"},
      {}, dir_);
  ASSERT_EQ(other_edits, 1) << r;
  ASSERT_TRUE(other_edit.ok()) << other_edit.error_message();
  EXPECT_EQ(r.exit_code, 7) << r;
  EXPECT_EQ(r.err,
            "error: profiles/hexu was changed by someone else meanwhile "
            "(stale etag)\n")
      << r;
  EXPECT_EQ(r.out, "");
  vita::v1::Profile now;
  ReadJson({"profile", "get", "hexu"}, &now);
  EXPECT_EQ(now.headline(), "Theirs");
  ASSERT_EQ(now.research_interests_size(), 1);
  EXPECT_EQ(now.research_interests(0), "Theirs too");
}

TEST_F(ProfileCliTest, DeleteWithContentNeedsForce) {
  CreateProfile("p", "P Q");
  VitaOk({"--profile", "p", "news", "add", "--date", "2024-01", "Hello"});
  RunResult refused = Vita({"profile", "delete", "p"});
  EXPECT_EQ(refused.exit_code, 7) << refused;
  EXPECT_EQ(refused.err,
            "error: profiles/p still has 1 news item(s) and 0 "
            "publication(s); pass --force to delete them with it\n")
      << refused;
  VitaOk({"profile", "delete", "p", "--force"});
  EXPECT_EQ(Vita({"profile", "get", "p"}).exit_code, 5);
}

}  // namespace
}  // namespace vita::testing
