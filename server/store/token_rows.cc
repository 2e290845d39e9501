// The editor-token methods of store::Transaction (table `tokens`, migration
// 2 of migrations.cc). Like the rest of the store they know rows, not rules:
// what a token may do, when it expires and how its secret is digested are
// the domain's business (server/domain/token_service.h).
#include <utility>

#include "common/status_macros.h"
#include "server/store/store.h"

namespace vita::store {
namespace {

constexpr char kTokenColumns[] =
    "id, profile_id, secret_digest, label, create_time, expire_time, "
    "last_use_time";

// A row of `SELECT kTokenColumns`.
TokenRow ReadTokenRow(const Statement& stmt) {
  TokenRow row{stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnBlob(2),
               stmt.ColumnText(3), stmt.ColumnInt(4),  stmt.ColumnInt(5),
               std::nullopt};
  // A NULL column reads as empty text: never used yet.
  if (!stmt.ColumnText(6).empty()) row.last_use_time = stmt.ColumnInt(6);
  return row;
}

// Runs `stmt`, an UPDATE or DELETE of the token `id`; NOT_FOUND if it
// matched no row.
absl::Status RunOnToken(SqliteConnection& connection, Statement& stmt,
                        const std::string& id) {
  VITA_RETURN_IF_ERROR(stmt.Run());
  if (connection.Changes() == 0) {
    return absl::NotFoundError("token " + id + " not found");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<TokenRow>> Transaction::GetToken(
    const std::string& id) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(std::string("SELECT ") + kTokenColumns +
                          " FROM tokens WHERE id = ?1"));
  stmt.Bind(1, id);
  VITA_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return std::optional<TokenRow>();
  return ReadTokenRow(stmt);
}

absl::StatusOr<std::vector<TokenRow>> Transaction::ListTokens() {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(std::string("SELECT ") + kTokenColumns +
                          " FROM tokens ORDER BY id"));
  std::vector<TokenRow> rows;
  for (;;) {
    VITA_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) return rows;
    rows.push_back(ReadTokenRow(stmt));
  }
}

absl::Status Transaction::InsertToken(const TokenRow& row) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(
          "INSERT INTO tokens (id, profile_id, secret_digest, label, "
          "create_time, expire_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  stmt.Bind(1, row.id).Bind(2, row.profile_id).BindBlob(3, row.secret_digest);
  stmt.Bind(4, row.label).Bind(5, row.create_time).Bind(6, row.expire_time);
  absl::Status status = stmt.Run();
  // A constraint failed: a taken id (primary key) or a missing profile
  // (foreign key); only the former leaves a row with this id.
  if (status.code() != absl::StatusCode::kFailedPrecondition) return status;
  VITA_ASSIGN_OR_RETURN(std::optional<TokenRow> existing, GetToken(row.id));
  if (existing) return absl::AlreadyExistsError("id already exists");
  return absl::FailedPreconditionError("the profile does not exist");
}

absl::Status Transaction::SetTokenLastUse(const std::string& id,
                                          int64_t last_use_time) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt,
      connection_.Prepare(
          "UPDATE tokens SET last_use_time = ?2 WHERE id = ?1"));
  stmt.Bind(1, id).Bind(2, last_use_time);
  return RunOnToken(connection_, stmt, id);
}

absl::Status Transaction::DeleteToken(const std::string& id) {
  VITA_ASSIGN_OR_RETURN(
      Statement stmt, connection_.Prepare("DELETE FROM tokens WHERE id = ?1"));
  stmt.Bind(1, id);
  return RunOnToken(connection_, stmt, id);
}

}  // namespace vita::store
