// Tests of server/domain/update_mask.cc.
#include "server/domain/update_mask.h"

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "vita/v1/profile.pb.h"

namespace vita::domain {
namespace {

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* path : paths) mask.add_paths(path);
  return mask;
}

v1::Profile Stored() {
  v1::Profile p;
  p.set_name("profiles/ann");
  p.set_display_name("Ann");
  p.set_headline("Student");
  p.set_bio("Old bio");
  p.add_research_interests("systems");
  p.add_research_interests("ml");
  p.mutable_photo()->set_url("/a.png");
  p.mutable_photo()->set_alt_text("Ann");
  p.set_etag("e1");
  return p;
}

TEST(UpdateMaskTest, ChangesOnlyMaskedFields) {
  v1::Profile target = Stored();
  v1::Profile patch;
  patch.set_bio("New bio");
  patch.set_headline("Ignored");
  ASSERT_TRUE(ApplyUpdateMask(Mask({"bio"}), patch, &target).ok());
  EXPECT_EQ(target.bio(), "New bio");
  EXPECT_EQ(target.headline(), "Student");
  EXPECT_EQ(target.display_name(), "Ann");
}

TEST(UpdateMaskTest, MaskedUnsetFieldIsCleared) {
  v1::Profile target = Stored();
  ASSERT_TRUE(
      ApplyUpdateMask(Mask({"headline", "photo"}), v1::Profile(), &target)
          .ok());
  EXPECT_EQ(target.headline(), "");
  EXPECT_FALSE(target.has_photo());
}

TEST(UpdateMaskTest, RepeatedFieldsAreReplacedNotAppended) {
  v1::Profile target = Stored();
  v1::Profile patch;
  patch.add_research_interests("databases");
  ASSERT_TRUE(
      ApplyUpdateMask(Mask({"research_interests"}), patch, &target).ok());
  EXPECT_THAT(target.research_interests(), ::testing::ElementsAre("databases"));
}

TEST(UpdateMaskTest, MessageFieldsAreReplacedNotMerged) {
  v1::Profile target = Stored();
  v1::Profile patch;
  patch.mutable_photo()->set_url("/b.png");
  ASSERT_TRUE(ApplyUpdateMask(Mask({"photo"}), patch, &target).ok());
  EXPECT_EQ(target.photo().url(), "/b.png");
  EXPECT_EQ(target.photo().alt_text(), "");
}

TEST(UpdateMaskTest, NestedPathChangesOneSubfield) {
  v1::Profile target = Stored();
  v1::Profile patch;
  patch.mutable_photo()->set_alt_text("Portrait of Ann");
  ASSERT_TRUE(ApplyUpdateMask(Mask({"photo.alt_text"}), patch, &target).ok());
  EXPECT_EQ(target.photo().url(), "/a.png");
  EXPECT_EQ(target.photo().alt_text(), "Portrait of Ann");
}

TEST(UpdateMaskTest, EmptyMaskMeansFieldsSetInPatch) {
  v1::Profile target = Stored();
  v1::Profile patch;
  patch.set_bio("New bio");
  ASSERT_TRUE(ApplyUpdateMask(Mask({}), patch, &target).ok());
  EXPECT_EQ(target.bio(), "New bio");
  EXPECT_EQ(target.headline(), "Student");
}

TEST(UpdateMaskTest, WildcardReplacesEverythingButOutputOnly) {
  v1::Profile target = Stored();
  v1::Profile patch;
  patch.set_display_name("Bea");
  patch.set_name("profiles/other");
  patch.set_etag("forged");
  ASSERT_TRUE(ApplyUpdateMask(Mask({"*"}), patch, &target).ok());
  EXPECT_EQ(target.display_name(), "Bea");
  EXPECT_EQ(target.bio(), "");
  EXPECT_EQ(target.name(), "profiles/ann");
  EXPECT_EQ(target.etag(), "e1");
}

TEST(UpdateMaskTest, OutputOnlyPathsAreIgnored) {
  v1::Profile target = Stored();
  v1::Profile patch;
  patch.set_name("profiles/other");
  ASSERT_TRUE(ApplyUpdateMask(Mask({"name", "etag"}), patch, &target).ok());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(target, Stored()));
}

TEST(UpdateMaskTest, UnknownPathIsInvalidAndChangesNothing) {
  v1::Profile target = Stored();
  v1::Profile patch;
  patch.set_bio("New bio");
  absl::Status status =
      ApplyUpdateMask(Mask({"bio", "no_such_field"}), patch, &target);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(std::string(status.message()),
              ::testing::Eq(
                  "update_mask: \"no_such_field\" is not a field of Profile"));
  EXPECT_EQ(target.bio(), "Old bio");
}

TEST(UpdateMaskTest, NestedPathToUnsetValueLeavesNoEmptyMessage) {
  v1::Profile target = Stored();
  target.clear_office();
  ASSERT_TRUE(
      ApplyUpdateMask(Mask({"office.map_url"}), v1::Profile(), &target).ok());
  EXPECT_FALSE(target.has_office());
}

TEST(UpdateMaskTest, PathThroughListExplainsTheRule) {
  v1::Profile target = Stored();
  absl::Status status =
      ApplyUpdateMask(Mask({"links.url"}), v1::Profile(), &target);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(
      std::string(status.message()),
      ::testing::Eq(
          "update_mask: \"links.url\" is not a field of Profile (a nested path "
          "must go through fields that are single messages, not lists)"));
}

}  // namespace
}  // namespace vita::domain
