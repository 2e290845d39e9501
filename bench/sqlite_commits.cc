// The baseline for a write: bare SQLite commits at the durability
// vita-server uses (WAL, synchronous=FULL), one row per transaction, from
// THREADS threads sharing one connection under a mutex, as vita-server's
// writers share its one writer connection (a connection per thread is
// slower: SQLite's busy handler sleeps while another thread holds the write
// lock). Nothing but SQLite: no protobuf, no gRPC, no publishing. At the end
// it counts the rows the timed commits added, so a commit that did not
// happen cannot count.
//
// The timed commits are preceded by as many untimed ones and a WAL
// checkpoint (RESTART): the timed ones then overwrite WAL space that exists
// already, as a server's do once its WAL has grown. Appending to a new file
// instead makes every fsync also write the file's new size, which on a
// journaling file system costs about twice as much.
//
// Beside the rate it reports the process's CPU (user + system, getrusage)
// per timed commit: what a bare commit costs the machine's cores, which
// bench/run.sh sets beside a write's budget on them.
//
// Usage: sqlite_commits DB_FILE COMMITS THREADS [ROW_BYTES]
// Prints one line of JSON:
//   {"commits":N,"rows":N,"threads":T,"seconds":S,"per_second":R,
//    "cpu_us_per_commit":C}
#include <sqlite3.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

bool Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite_commits: %s: %s\n", sql,
                 error ? error : "error");
    sqlite3_free(error);
    return false;
  }
  return true;
}

sqlite3* Open(const char* path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite_commits: cannot open %s\n", path);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 10000);
  if (!Exec(db, "PRAGMA journal_mode = WAL") ||
      !Exec(db, "PRAGMA synchronous = FULL")) {
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

// The CPU this process has used (user + system, all its threads), in
// microseconds; 0 if it cannot be read.
double CpuMicros() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

long CountRows(sqlite3* db) {
  long rows = -1;
  sqlite3_stmt* count = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM news", -1, &count,
                         nullptr) == SQLITE_OK &&
      sqlite3_step(count) == SQLITE_ROW) {
    rows = sqlite3_column_int64(count, 0);
  }
  sqlite3_finalize(count);
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 5) {
    std::fprintf(stderr, "usage: %s DB_FILE COMMITS THREADS [ROW_BYTES]\n",
                 argv[0]);
    return 2;
  }
  const char* path = argv[1];
  const long commits = std::atol(argv[2]);
  const int threads = std::atoi(argv[3]);
  const std::string row(argc == 5 ? std::atoi(argv[4]) : 200, 'x');
  if (commits <= 0 || threads <= 0) return 2;

  sqlite3* setup = Open(path);
  if (setup == nullptr ||
      !Exec(setup,
            "CREATE TABLE IF NOT EXISTS news "
            "(id INTEGER PRIMARY KEY, body BLOB NOT NULL)")) {
    return 1;
  }
  sqlite3_close(setup);

  sqlite3* db = Open(path);
  if (db == nullptr) return 1;
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO news (body) VALUES (?)", -1, &insert,
                         nullptr) != SQLITE_OK) {
    return 1;
  }
  std::mutex write_mu;
  std::atomic<long> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&] {
    while (!failed && next.fetch_add(1) < commits) {
      std::lock_guard<std::mutex> lock(write_mu);
      if (!Exec(db, "BEGIN IMMEDIATE")) {
        failed = true;
        break;
      }
      sqlite3_bind_blob(insert, 1, row.data(), static_cast<int>(row.size()),
                        SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) {
        std::fprintf(stderr, "sqlite_commits: insert: %s\n",
                     sqlite3_errmsg(db));
        failed = true;
      }
      sqlite3_reset(insert);
      if (!Exec(db, "COMMIT")) failed = true;
    }
  };

  auto run = [&] {
    next = 0;
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  };
  run();  // untimed: grows the WAL
  if (failed || !Exec(db, "PRAGMA wal_checkpoint(RESTART)")) return 1;
  const long before = CountRows(db);
  const double cpu_start = CpuMicros();
  const auto start = std::chrono::steady_clock::now();
  run();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  const double cpu_us = CpuMicros() - cpu_start;
  sqlite3_finalize(insert);
  if (failed) return 1;
  const long rows = CountRows(db) - before;
  sqlite3_close(db);
  std::printf(
      "{\"commits\":%ld,\"rows\":%ld,\"threads\":%d,\"seconds\":%.3f,"
      "\"per_second\":%.1f,\"cpu_us_per_commit\":%.0f}\n",
      commits, rows, threads, seconds, commits / seconds, cpu_us / commits);
  return 0;
}
