// The compact author syntax of `vita publication add --authors` and of the
// author column of tables:
//
//   "*Yonghao Zhuang, *@Hexu Zhao, Lianmin Zheng, Hao Zhang^"
//
// Authors are separated by commas (or by semicolons if the list contains
// one, so "Zhao, Hexu; Zheng, Lianmin" works too). Before a name, `*` marks
// equal contribution and `@` the profile's owner (in any order); after it,
// `^` marks a corresponding author. An optional homepage follows in angle
// brackets: "Hao Zhang^ <https://haozhang.example>". A mark character that
// belongs to the name is escaped with a backslash ("\*NSYNC").
#ifndef VITA_CLI_AUTHOR_SYNTAX_H_
#define VITA_CLI_AUTHOR_SYNTAX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_field.h"
#include "vita/v1/profile.pb.h"
#include "vita/v1/publication.pb.h"

namespace vita::cli {

// Parses an author list. Fails (naming the position) on an empty name or an
// unterminated "<url".
absl::StatusOr<std::vector<vita::v1::Author>> ParseAuthors(
    absl::string_view spec);

// One author in the syntax above; ParseAuthors(FormatAuthor(a)) == {a}.
std::string FormatAuthor(const vita::v1::Author& author);

// The whole list, joined with ", " (or "; " if a name contains a comma).
std::string FormatAuthors(
    const google::protobuf::RepeatedPtrField<vita::v1::Author>& authors);

// A name reduced for comparison: "Last, First" turned into "First Last",
// lower case, dots and repeated spaces removed.
std::string NormalizeName(absl::string_view name);

// True if `name` is the profile's display_name or one of its name_variants
// (compared with NormalizeName).
bool IsOwnerName(absl::string_view name, const vita::v1::Profile& profile);

// If no author is marked is_owner, marks every author whose name is the
// owner's (IsOwnerName). Returns how many authors are marked afterwards.
int MarkOwner(const vita::v1::Profile& profile,
              google::protobuf::RepeatedPtrField<vita::v1::Author>* authors);

}  // namespace vita::cli

#endif  // VITA_CLI_AUTHOR_SYNTAX_H_
