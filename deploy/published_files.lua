-- The gateway's published files: Envoy's Lua filter (deploy/envoy.yaml,
-- the per-route script "published") answers a GET or HEAD of a URL that
-- vita-server has published, from memory, without asking vita-server.
--
-- vita-server (server/publish/gateway_index.h) writes the files of the
-- publish dir, then its index, PUBLISH_DIR/.gateway/index.lua, a Lua table
-- by URL:
--
--   return {
--     ["/p/ada"] = {f = ".gateway/blobs/3f2a...", e = "\"3f2a...\"",
--                   t = "text/html; charset=utf-8", br = ".br", gzip = ".gz",
--                   document = true},
--   }
--
-- (f: the file's blob, relative to the publish dir: bytes that never
-- change, named by their etag; e: its strong etag; t: its content type; br,
-- gzip: the suffix of its precompressed variant's blob, if it has one;
-- document: an HTML document, which gets the page's policy), and then adds
-- one to the counter PUBLISH_DIR/.gateway/generation (8 bytes, never
-- replaced while vita-server runs; a new file starts from the time in
-- microseconds, so it differs from any earlier one).
--
-- Per request this script reads the counter from shared memory (mmap: no
-- system call) and, when it changed, loads the index again; the bytes of a
-- file are read once per worker and kept while its etag is unchanged.
--
-- Invariants (each worker thread runs its own copy of this script):
--   1. A request is answered from an index loaded after the counter last
--      had the value seen by this request. vita-server adds to the counter
--      after the index is renamed into place and before it acknowledges the
--      write, so a read that starts after the acknowledgement sees the
--      write (read-your-writes), with no reload of Envoy's configuration.
--   2. The bytes answered for an entry are the entry's: a blob never
--      changes, and vita-server removes a blob only once an index after the
--      one naming it is in place (server/publish/gateway_index.h). A blob
--      that cannot be read (removed meanwhile) makes the worker load the
--      index again and look once more.
--   3. A kept body belongs to an entry of the current index: loading an
--      index drops the bodies whose blob it no longer names.
--   4. Anything not in the index (or whose blob cannot be read) is left to
--      the route: its direct response (a 404) answers.
--
-- Route metadata (filter_metadata "envoy.filters.http.lua"):
--   publish_dir       absolute path of vita-server's --publish-dir
--   default_profile   the profile "/" shows (its document at "/p/{id}")
--   document_policy   the Content-Security-Policy of an HTML document

local ffi = require("ffi")
pcall(ffi.cdef, [[
int open(const char *pathname, int flags);
int close(int fd);
void *mmap(void *addr, size_t length, int prot, int flags, int fd, long offset);
int munmap(void *addr, size_t length);
]])

local O_RDONLY, PROT_READ, MAP_SHARED = 0, 1, 1
local MAP_FAILED = ffi.cast("void *", -1)

local dir, default_path, policy  -- from the route's metadata, once
local counter, mapped_at      -- the mapped counter; when it was mapped (s)
local seen                    -- the counter's value the index was loaded at
local index = {}              -- URL -> entry (see above)
local bodies = {}             -- blob -> its bytes (invariant 3)

-- Maps the counter file again (once a second, and on every request while
-- it does not exist: a file made anew by a restarted vita-server is found
-- within a second).
local function map_counter(now)
  mapped_at = now
  if counter ~= nil then
    ffi.C.munmap(ffi.cast("void *", counter), 8)
    counter = nil
  end
  local fd = ffi.C.open(dir .. "/.gateway/generation", O_RDONLY)
  if fd < 0 then return end
  local p = ffi.C.mmap(nil, 8, PROT_READ, MAP_SHARED, fd, 0)
  ffi.C.close(fd)
  if p ~= MAP_FAILED then counter = ffi.cast("volatile const uint64_t *", p) end
end

-- The blob of `entry`, or of its variant `encoding` (a name of the entry).
local function blob_of(entry, encoding)
  return encoding and entry.f .. entry[encoding] or entry.f
end

local function load_index(handle)
  local path = dir .. "/.gateway/index.lua"
  -- An index that cannot be loaded leaves the current one in place (none
  -- yet, or removed by hand: nothing new was published).
  local chunk, why = loadfile(path)
  local loaded
  if chunk then
    setfenv(chunk, {})  -- a table and nothing else
    local ok, t = pcall(chunk)
    if ok and type(t) == "table" then
      loaded = t
    else
      handle:logErr("published_files.lua: " .. path .. " is not a table: " .. tostring(t))
    end
  else
    local exists = io.open(path)
    if exists then
      exists:close()
      handle:logErr("published_files.lua: cannot load " .. path .. ": " .. tostring(why))
    end
  end
  if loaded == nil then return end
  local kept = {}
  for _, entry in pairs(loaded) do
    for _, encoding in ipairs({false, "br", "gzip"}) do
      if not encoding or entry[encoding] then
        local blob = blob_of(entry, encoding)
        kept[blob] = bodies[blob]
      end
    end
  end
  index, bodies = loaded, kept
end

-- Invariant 1: the index matches the counter's value now.
local function refresh(handle)
  if dir == nil then
    local route = handle:metadata()
    dir = route:get("publish_dir")
    default_path = "/p/" .. route:get("default_profile")
    policy = route:get("document_policy")
  end
  -- While there is no counter (vita-server has not published yet), look
  -- for it on every request: the first publish is then seen at once.
  local now = os.time()
  if counter == nil or now ~= mapped_at then map_counter(now) end
  -- Without a counter (none yet, or its file removed by hand) the index
  -- loaded last stays.
  local value = counter ~= nil and tonumber(counter[0]) or (seen or -1)
  if value ~= seen then
    seen = value
    load_index(handle)
  end
end

-- The bytes of the blob `file` (relative), or nil if it cannot be read.
local function body_of(file)
  local bytes = bodies[file]
  if bytes then return bytes end
  local f = io.open(dir .. "/" .. file, "rb")
  if f == nil then return nil end
  bytes = f:read("*a")
  f:close()
  bodies[file] = bytes
  return bytes
end

-- Whether Accept-Encoding `accepted` names `coding` as a whole entry, without
-- parameters (an entry with a q-value gets the file as it is: "br;q=0"
-- refuses br).
local function names(accepted, coding)
  for entry in accepted:gmatch("[^,]+") do
    if entry:match("^%s*(.-)%s*$"):lower() == coding then return true end
  end
  return false
end

-- Accept-Encoding value -> {br = names it, gzip = names it}: clients send a
-- few distinct values, each parsed once (at most 64 kept).
local codings, coding_count = {}, 0
local function accepts(accepted)
  local known = codings[accepted]
  if known then return known end
  known = {br = names(accepted, "br"), gzip = names(accepted, "gzip")}
  if coding_count >= 64 then codings, coding_count = {}, 0 end
  codings[accepted], coding_count = known, coding_count + 1
  return known
end

-- The response headers of an entry (made once per entry and index).
local function headers_of(entry, status, encoding)
  local h = {[":status"] = status, etag = entry.e, ["cache-control"] = "no-cache"}
  if entry.document then
    -- The page's policy, on its 304 too: a cache updates the stored
    -- response's headers from a 304's.
    h["content-security-policy"] = policy
    h["referrer-policy"] = "no-referrer"
  end
  if entry.br or entry.gzip then h["vary"] = "accept-encoding" end
  if status == "200" then
    h["content-type"] = entry.t
    if encoding then h["content-encoding"] = encoding end
  end
  return h
end

-- The answer (headers, body) to a request for `path` from the current
-- index, or nil.
local function answer(headers, path)
  local entry = index[path]
  if entry == nil then return nil end  -- invariant 4
  local method = headers:get(":method")
  if method ~= "GET" and method ~= "HEAD" then
    return {[":status"] = "405", allow = "GET, HEAD"}, "method not allowed"
  end
  local wanted = headers:get("if-none-match")
  if wanted and (wanted == "*" or wanted:find(entry.e, 1, true)) then
    entry.h304 = entry.h304 or headers_of(entry, "304")
    return entry.h304, ""
  end
  local accepted = accepts(headers:get("accept-encoding") or "")
  local encoding
  if entry.br and accepted.br then
    encoding = "br"
  elseif entry.gzip and accepted.gzip then
    encoding = "gzip"
  end
  local bytes = body_of(blob_of(entry, encoding))
  if bytes == nil then return nil end
  local key = encoding or "identity"
  entry.h200 = entry.h200 or {}
  entry.h200[key] = entry.h200[key] or headers_of(entry, "200", encoding)
  return entry.h200[key], bytes
end

function envoy_on_request(handle)
  refresh(handle)
  local headers = handle:headers()
  local path = headers:get(":path")
  local query = path:find("?", 1, true)
  if query then path = path:sub(1, query - 1) end
  if path == "/" then path = default_path end
  local reply, body = answer(headers, path)
  -- Its blob gone: a newer index is in place (invariant 2), unless the
  -- blob was removed by hand (then the counter is unchanged, and the route
  -- answers). Twice more at most.
  for _ = 1, 2 do
    if reply ~= nil or index[path] == nil then break end
    local before = seen
    refresh(handle)
    if seen == before then break end
    reply, body = answer(headers, path)
  end
  if reply ~= nil then handle:respond(reply, body) end
end
