// Early-return helpers for absl::Status, as used across Google code bases;
// shared by the server and the CLI (common/ depends on Abseil only).
#ifndef VITA_COMMON_STATUS_MACROS_H_
#define VITA_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"

// Returns the status of `expr` from the current function unless it is OK.
// One statement (do { } while (0)): safe as the body of an unbraced if.
#define VITA_RETURN_IF_ERROR(expr)                              \
  do {                                                          \
    if (absl::Status vita_status_ = (expr); !vita_status_.ok()) \
      return vita_status_;                                      \
  } while (0)

#define VITA_STATUS_CONCAT_INNER_(a, b) a##b
#define VITA_STATUS_CONCAT_(a, b) VITA_STATUS_CONCAT_INNER_(a, b)

// Declares `lhs` from the value of the StatusOr `expr`, or returns its error
// (the function must return absl::Status or an absl::StatusOr).
//
//   VITA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
//   VITA_ASSIGN_OR_RETURN(text, ReadFile(other_path));  // assigns to `text`
//
// It expands to several statements (a hidden variable, an `if`, the
// assignment), not one: never use it as the unbraced body of an if, else,
// for or while (only its first statement would be the body, and `lhs` would
// not be declared where it is used); put braces around it. Use at most one
// per line: the hidden variable is named after __LINE__.
#define VITA_ASSIGN_OR_RETURN(lhs, expr)                                    \
  VITA_ASSIGN_OR_RETURN_IMPL_(VITA_STATUS_CONCAT_(vita_or_, __LINE__), lhs, \
                              expr)
#define VITA_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(*tmp)

#endif  // VITA_COMMON_STATUS_MACROS_H_
