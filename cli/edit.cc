#include "cli/edit.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "cli/exit_codes.h"
#include "cli/field_mask.h"
#include "cli/yaml_proto.h"
#include "common/resource_name.h"
#include "common/status_macros.h"

namespace vita::cli {
namespace {

std::string ShellQuote(const std::string& s) {
  return "'" + absl::StrReplaceAll(s, {{"'", "'\\''"}}) + "'";
}

// True if `text` holds nothing but comments and white space.
bool IsBlank(const std::string& text) {
  bool in_comment = false;
  for (char c : text) {
    if (c == '\n') {
      in_comment = false;
    } else if (c == '#') {
      in_comment = true;
    } else if (!in_comment && c != ' ' && c != '\t' && c != '\r') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> MakeTempFile(const std::string& id,
                                         const std::string& contents) {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(dir && *dir ? dir : "/tmp", "/vita-edit-",
                                     id, "-XXXXXX.yaml");
  int fd = mkstemps(pattern.data(), 5);
  if (fd < 0) return absl::InternalError("cannot create a temporary file");
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = write(fd, contents.data() + written, contents.size() - written);
    if (n <= 0) {
      close(fd);
      return absl::InternalError(absl::StrCat("cannot write ", pattern));
    }
    written += n;
  }
  close(fd);
  return pattern;
}

absl::Status Keep(const absl::Status& status, const std::string& path,
                  const EditTarget& target) {
  std::string message =
      absl::StrCat(status.message(), "; your edit is kept in ", path,
                   " (apply it with `", target.command, " --file ", path, "`)");
  absl::Status kept(status.code(), message);
  if (IsLocalInputError(status)) kept = LocalInputError(message);
  return kept;
}

// Comment lines listing the values of every enum in the record, and the
// date format if the record has dates, e.g. "# status: PUBLISHED, ...".
void CollectHints(const google::protobuf::Descriptor* d,
                  std::set<std::string>& seen, std::string& hints,
                  bool& has_date) {
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* field = d->field(i);
    if (OutputOnlyFields().count(field->name())) continue;
    if (const auto* e = field->enum_type()) {
      if (!seen.insert(e->full_name()).second) continue;
      std::vector<std::string> names;
      for (int j = 1; j < e->value_count(); ++j) {
        names.push_back(e->value(j)->name());
      }
      absl::StrAppend(
          &hints, "# ",
          e->containing_type() ? e->containing_type()->name() + "." : "",
          field->name(), ": ", absl::StrJoin(names, ", "), "\n");
    } else if (const auto* m = field->message_type()) {
      if (m->full_name() == "vita.v1.Date") {
        has_date = true;
      } else if (seen.insert(m->full_name()).second) {
        CollectHints(m, seen, hints, has_date);
      }
    }
  }
}

std::string EditHints(const google::protobuf::Descriptor* d) {
  std::set<std::string> seen;
  std::string hints;
  bool has_date = false;
  CollectHints(d, seen, hints, has_date);
  if (has_date) {
    hints +=
        "# Dates: \"2024\", \"2024-03\" or \"2024-03-05\"; \"\" for none.\n";
  }
  return hints;
}

// The file the editor opens: a header, the hints and every field as YAML.
std::string Render(const google::protobuf::Message& record,
                   const std::string& name, const std::string& note) {
  YamlOptions yaml_options;
  yaml_options.include_empty = true;
  yaml_options.skip_fields = OutputOnlyFields();
  return absl::StrCat(
      "# vita edit ", name, "\n", note,
      "# Change the fields below, then save and quit. Lines starting with "
      "'#'\n",
      "# are ignored. An unchanged or empty file cancels the edit.\n",
      EditHints(record.GetDescriptor()), MessageToYaml(record, yaml_options));
}

// After a conflict: the current version of the record with the user's
// changed fields on top, so that applying it with --file later sends only
// the user's changes and keeps what the other writer changed.
absl::StatusOr<std::string> Rebase(const EditTarget& target,
                                   const google::protobuf::Message& before,
                                   const google::protobuf::Message& after,
                                   const std::vector<std::string>& mine) {
  VITA_ASSIGN_OR_RETURN(auto current, target.fetch());
  std::vector<std::string> theirs =
      ChangedFields(before, *current, OutputOnlyFields());
  // Fields both changed: the file gets the user's value, so show theirs.
  std::vector<std::string> both;
  for (const std::string& name : mine) {
    if (std::find(theirs.begin(), theirs.end(), name) != theirs.end()) {
      both.push_back(name);
    }
  }
  std::string both_note;
  if (!both.empty()) {
    YamlOptions only_both;
    only_both.include_empty = true;
    const auto* d = before.GetDescriptor();
    for (int i = 0; i < d->field_count(); ++i) {
      const std::string& name = d->field(i)->name();
      if (std::find(both.begin(), both.end(), name) == both.end()) {
        only_both.skip_fields.insert(name);
      }
    }
    both_note = absl::StrCat(
        "# You both changed ", absl::StrJoin(both, ", "),
        ": below is your value; applying this file replaces theirs, which "
        "is:\n");
    for (absl::string_view line : absl::StrSplit(
             MessageToYaml(*current, only_both), '\n', absl::SkipEmpty())) {
      absl::StrAppend(&both_note, "#   ", line, "\n");
    }
  }
  std::unique_ptr<google::protobuf::Message> mine_copy(after.New());
  mine_copy->CopyFrom(after);
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  for (const std::string& name : mine) {
    fields.push_back(before.GetDescriptor()->FindFieldByName(name));
  }
  current->GetReflection()->SwapFields(current.get(), mine_copy.get(), fields);
  std::string note =
      absl::StrCat("# Meanwhile someone else changed: ",
                   theirs.empty() ? "no field" : absl::StrJoin(theirs, ", "),
                   ".\n# This is the current version with your changes (",
                   absl::StrJoin(mine, ", "), ") on top.\n", both_note);
  return MakeTempFile(std::string(ItemIdOf(target.name)),
                      Render(*current, target.name, note));
}

}  // namespace

absl::Status RunEditor(const std::string& path) {
  const char* visual = std::getenv("VISUAL");
  const char* editor = std::getenv("EDITOR");
  std::string command = visual && *visual   ? visual
                        : editor && *editor ? editor
                                            : "vi";
  std::string line = absl::StrCat(command, " ", ShellQuote(path));
  int rc = std::system(line.c_str());
  if (rc == -1) return absl::InternalError("cannot start the editor");
  if (WIFEXITED(rc) && WEXITSTATUS(rc) == 127) {
    return absl::UnknownError(absl::StrCat("the editor (", command,
                                           ") could not be run; set VISUAL "
                                           "or EDITOR to an editor"));
  }
  if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
    return absl::UnknownError(
        absl::StrCat("the editor (", command, ") failed with status ",
                     WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc)));
  }
  return absl::OkStatus();
}

absl::Status RunEdit(Context& context, const EditTarget& target,
                     const std::string& from_file) {
  VITA_ASSIGN_OR_RETURN(auto original, target.fetch());
  const google::protobuf::Message& before = *original;

  std::string rendered = Render(before, target.name, "");

  std::string path = from_file;
  std::string edited_text;
  if (from_file.empty()) {
    VITA_ASSIGN_OR_RETURN(
        path, MakeTempFile(std::string(ItemIdOf(target.name)), rendered));
    absl::Status editor = RunEditor(path);
    VITA_ASSIGN_OR_RETURN(edited_text, ReadFile(path));
    if (!editor.ok()) {
      // Keep the file only if the user changed something before it failed.
      if (edited_text != rendered) return Keep(editor, path, target);
      std::remove(path.c_str());
      return absl::Status(editor.code(),
                          absl::StrCat(editor.message(), "; ", target.name,
                                       " was not changed"));
    }
    if (edited_text == rendered || IsBlank(edited_text)) {
      std::remove(path.c_str());
      context.Note(
          absl::StrCat("edit cancelled: ", target.name, " was not changed"));
      return absl::OkStatus();
    }
  } else {
    VITA_ASSIGN_OR_RETURN(edited_text, ReadFile(from_file));
    if (IsBlank(edited_text)) {
      context.Note(absl::StrCat("edit cancelled: ", from_file, " is empty; ",
                                target.name, " was not changed"));
      return absl::OkStatus();
    }
  }

  std::unique_ptr<google::protobuf::Message> after(before.New());
  absl::Status parsed = YamlToMessage(edited_text, path, after.get());
  if (!parsed.ok()) return Keep(parsed, path, target);
  // Output-only fields come from the version that was opened.
  const auto* d = before.GetDescriptor();
  const auto* r = before.GetReflection();
  for (const char* name : {"name", "etag"}) {
    const auto* field = d->FindFieldByName(name);
    if (field) r->SetString(after.get(), field, r->GetString(before, field));
  }
  std::vector<std::string> changed =
      ChangedFields(before, *after, OutputOnlyFields());
  if (changed.empty()) {
    if (from_file.empty()) std::remove(path.c_str());
    context.Note(absl::StrCat("no changes: ", target.name, " was not changed"));
    return absl::OkStatus();
  }
  absl::Status updated = target.update(*after, MaskOf(changed));
  if (!updated.ok()) {
    if (updated.code() == absl::StatusCode::kAborted) {
      updated = absl::AbortedError(absl::StrCat(
          target.name,
          " was changed by someone else while you edited it; nothing was "
          "written"));
      auto rebased = Rebase(target, before, *after, changed);
      if (rebased.ok()) {
        if (from_file.empty()) std::remove(path.c_str());
        return absl::AbortedError(absl::StrCat(
            updated.message(), "; your changes (", absl::StrJoin(changed, ", "),
            ") are kept in ", *rebased,
            " on top of the current version (review it, then apply it with `",
            target.command, " --file ", *rebased, "`)"));
      }
    }
    return Keep(updated, path, target);
  }
  if (from_file.empty()) std::remove(path.c_str());
  context.out << "updated " << target.name << " ("
              << absl::StrJoin(changed, ", ") << ")\n";
  return absl::OkStatus();
}

}  // namespace vita::cli
