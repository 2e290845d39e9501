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

// An update of the stored profile `target_` by the request's `patch_`.
class UpdateMaskTest : public ::testing::Test {
 protected:
  // Applies `patch_` to `target_` under the mask of `paths`.
  absl::Status Apply(std::initializer_list<const char*> paths) {
    return ApplyUpdateMask(Mask(paths), patch_, &target_);
  }

  // Expects `target_` to hold the patch's bio ("New bio") and its stored
  // headline.
  void ExpectNewBioStoredHeadline() {
    EXPECT_EQ(target_.bio(), "New bio");
    EXPECT_EQ(target_.headline(), "Student");
  }

  v1::Profile target_ = Stored();
  v1::Profile patch_;
};

TEST_F(UpdateMaskTest, ChangesOnlyMaskedFields) {
  patch_.set_bio("New bio");
  patch_.set_headline("Ignored");
  ASSERT_TRUE(Apply({"bio"}).ok());
  ExpectNewBioStoredHeadline();
  EXPECT_EQ(target_.display_name(), "Ann");
}

TEST_F(UpdateMaskTest, MaskedUnsetFieldIsCleared) {
  ASSERT_TRUE(Apply({"headline", "photo"}).ok());
  EXPECT_EQ(target_.headline(), "");
  EXPECT_FALSE(target_.has_photo());
}

TEST_F(UpdateMaskTest, RepeatedFieldsAreReplacedNotAppended) {
  patch_.add_research_interests("databases");
  ASSERT_TRUE(Apply({"research_interests"}).ok());
  EXPECT_THAT(target_.research_interests(),
              ::testing::ElementsAre("databases"));
}

TEST_F(UpdateMaskTest, MessageFieldsAreReplacedNotMerged) {
  patch_.mutable_photo()->set_url("/b.png");
  ASSERT_TRUE(Apply({"photo"}).ok());
  EXPECT_EQ(target_.photo().url(), "/b.png");
  EXPECT_EQ(target_.photo().alt_text(), "");
}

TEST_F(UpdateMaskTest, NestedPathChangesOneSubfield) {
  patch_.mutable_photo()->set_alt_text("Portrait of Ann");
  ASSERT_TRUE(Apply({"photo.alt_text"}).ok());
  EXPECT_EQ(target_.photo().url(), "/a.png");
  EXPECT_EQ(target_.photo().alt_text(), "Portrait of Ann");
}

TEST_F(UpdateMaskTest, EmptyMaskMeansFieldsSetInPatch) {
  patch_.set_bio("New bio");
  ASSERT_TRUE(Apply({}).ok());
  ExpectNewBioStoredHeadline();
}

TEST_F(UpdateMaskTest, WildcardReplacesEverythingButOutputOnly) {
  patch_.set_display_name("Bea");
  patch_.set_name("profiles/other");
  patch_.set_etag("forged");
  ASSERT_TRUE(Apply({"*"}).ok());
  EXPECT_EQ(target_.display_name(), "Bea");
  EXPECT_EQ(target_.bio(), "");
  EXPECT_EQ(target_.name(), "profiles/ann");
  EXPECT_EQ(target_.etag(), "e1");
}

TEST_F(UpdateMaskTest, OutputOnlyPathsAreIgnored) {
  patch_.set_name("profiles/other");
  ASSERT_TRUE(Apply({"name", "etag"}).ok());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(target_, Stored()));
}

TEST_F(UpdateMaskTest, UnknownPathIsInvalidAndChangesNothing) {
  patch_.set_bio("New bio");
  absl::Status status = Apply({"bio", "no_such_field"});
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(std::string(status.message()),
              ::testing::Eq(
                  "update_mask: \"no_such_field\" is not a field of Profile"));
  EXPECT_EQ(target_.bio(), "Old bio");
}

TEST_F(UpdateMaskTest, NestedPathToUnsetValueLeavesNoEmptyMessage) {
  target_.clear_office();
  ASSERT_TRUE(Apply({"office.map_url"}).ok());
  EXPECT_FALSE(target_.has_office());
}

TEST_F(UpdateMaskTest, PathThroughListExplainsTheRule) {
  absl::Status status = Apply({"links.url"});
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(
      std::string(status.message()),
      ::testing::Eq(
          "update_mask: \"links.url\" is not a field of Profile (a nested path "
          "must go through fields that are single messages, not lists)"));
}

}  // namespace
}  // namespace vita::domain
