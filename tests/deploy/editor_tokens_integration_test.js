// Editor tokens through the gateway: the same rules over REST (the
// transcoder) and gRPC-Web as over gRPC (tests/api). A real vita-server
// seeded with the demo profile (hexu-zhao) and a second profile (other), and
// a real Envoy with deploy/envoy.yaml.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const S = require('../support/web');

// Protobuf wire format, by hand: a length-delimited field and a varint field.
function varint(n) {
  const out = [];
  for (; n > 0x7f; n >>>= 7) out.push((n & 0x7f) | 0x80);
  out.push(n);
  return Buffer.from(out);
}
function bytesField(field, value) {
  const buf = Buffer.isBuffer(value) ? value : Buffer.from(value);
  return Buffer.concat([varint((field << 3) | 2), varint(buf.length), buf]);
}
function intField(field, value) {
  return Buffer.concat([varint(field << 3), varint(value)]);
}

// CreateNewsItemRequest{parent, news_item{date{year}, text}} in one gRPC-Web
// frame; resolves to { status, message } from the trailers.
async function grpcWebCreateNews(url, token, parent, text) {
  const newsItem = Buffer.concat([bytesField(2, intField(1, 2030)), bytesField(3, text)]);
  const msg = Buffer.concat([bytesField(1, parent), bytesField(3, newsItem)]);
  const header = Buffer.alloc(5);
  header.writeUInt32BE(msg.length, 1);
  const r = await fetch(url + '/vita.v1.ProfileService/CreateNewsItem', {
    method: 'POST',
    body: Buffer.concat([header, msg]),
    headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', authorization: `Bearer ${token}` },
  });
  assert.equal(r.status, 200);
  // A refusal comes as headers only; an answer has its trailers in the body.
  const body = Buffer.from(await r.arrayBuffer()).toString('latin1');
  const status = r.headers.get('grpc-status') ?? (/grpc-status:\s*(\d+)/.exec(body) || [])[1];
  const message = decodeURIComponent(r.headers.get('grpc-message') ?? (/grpc-message:\s*([^\r\n]*)/.exec(body) || [])[1] ?? '');
  return { status: Number(status), message };
}

describe('editor tokens through the gateway', () => {
  let server, gw, admin, editor, editorId;

  async function rest(method, target, token, body) {
    const headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const r = await fetch(gw.url + target, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, json: await r.json() };
  }
  async function newsTexts(profile) {
    const r = await rest('GET', `/v1/profiles/${profile}/news?pageSize=1000`);
    return (r.json.newsItems || []).map((n) => n.text);
  }

  before(async () => {
    server = await S.startServer();
    gw = await S.startGateway(server.address);
    await S.waitForApi(gw.url);
    admin = server.token;
    const created = await rest('POST', '/v1/profiles?profileId=other', admin, { displayName: 'Other' });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const token = await rest('POST', '/v1/tokens', admin, { profile: 'profiles/hexu-zhao', label: 'gateway test', ttl: '3600s' });
    assert.equal(token.status, 200, JSON.stringify(token.json));
    editor = token.json.bearerToken;
    editorId = token.json.token.name.slice('tokens/'.length);
    assert.match(editor, /^vita_[0-9a-f]{12}_[0-9a-f]{64}$/);
  });
  after(async () => {
    if (gw) await gw.stop();
    if (server) await server.stop();
  });

  it('lists tokens over REST for the admin, without their secrets', async () => {
    const r = await rest('GET', '/v1/tokens', admin);
    assert.equal(r.status, 200);
    assert.equal(r.json.tokens.length, 1);
    assert.equal(r.json.tokens[0].name, `tokens/${editorId}`);
    assert.equal(r.json.tokens[0].profile, 'profiles/hexu-zhao');
    assert.equal(r.json.tokens[0].label, 'gateway test');
    assert.ok(!JSON.stringify(r.json).includes(editor.slice(18)), 'no secret in the list');
  });

  it('lets the editor write its own profile over REST and gRPC-Web', async () => {
    const r = await rest('POST', '/v1/profiles/hexu-zhao/news?newsItemId=editor-rest', editor,
      { date: { year: 2030, month: 1 }, text: 'written by an editor over REST' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const web = await grpcWebCreateNews(gw.url, editor, 'profiles/hexu-zhao', 'written by an editor over gRPC-Web');
    assert.deepEqual(web, { status: 0, message: '' });
    const texts = await newsTexts('hexu-zhao');
    assert.ok(texts.includes('written by an editor over REST'));
    assert.ok(texts.includes('written by an editor over gRPC-Web'));
  });

  it('refuses the editor on another profile over REST and gRPC-Web, naming its profile', async () => {
    const expected = `token "${editorId}" may edit profiles/hexu-zhao only (this call changes profiles/other)`;
    const patch = await rest('PATCH', '/v1/profiles/other?updateMask=headline', editor, { headline: 'taken over' });
    assert.equal(patch.status, 403);
    assert.deepEqual([patch.json.code, patch.json.message], [7, expected]);
    const post = await rest('POST', '/v1/profiles/other/news', editor, { date: { year: 2030 }, text: 'not mine' });
    assert.equal(post.status, 403);
    assert.equal(post.json.message, expected);
    const web = await grpcWebCreateNews(gw.url, editor, 'profiles/other', 'not mine');
    assert.deepEqual(web, { status: 7, message: expected });
    assert.deepEqual(await newsTexts('other'), []);
    const other = await rest('GET', '/v1/profiles/other');
    assert.equal(other.json.headline, undefined);
  });

  it('refuses the editor creating or deleting profiles and managing tokens over REST', async () => {
    const cases = [
      ['POST', '/v1/profiles?profileId=third', { displayName: 'Third' }, 'creating profiles'],
      ['DELETE', '/v1/profiles/hexu-zhao?force=true', undefined, 'deleting profiles'],
      ['POST', '/v1/tokens', { profile: 'profiles/other' }, 'managing tokens'],
      ['GET', '/v1/tokens', undefined, 'managing tokens'],
      ['DELETE', `/v1/tokens/${editorId}`, undefined, 'managing tokens'],
    ];
    for (const [method, target, body, what] of cases) {
      const r = await rest(method, target, editor, body);
      assert.equal(r.status, 403, `${method} ${target}`);
      assert.equal(r.json.message, `token "${editorId}" may edit profiles/hexu-zhao only (${what} needs the admin token)`);
    }
    const profiles = await rest('GET', '/v1/profiles');
    assert.deepEqual(profiles.json.profiles.map((p) => p.name), ['profiles/hexu-zhao', 'profiles/other']);
    assert.equal((await rest('GET', '/v1/tokens', admin)).json.tokens.length, 1);
  });

  it('refuses a revoked token at once on both paths', async () => {
    const revoked = await rest('DELETE', `/v1/tokens/${editorId}`, admin);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.json));
    const r = await rest('POST', '/v1/profiles/hexu-zhao/news', editor, { date: { year: 2030 }, text: 'after revoke' });
    assert.equal(r.status, 401);
    assert.equal(r.json.message, 'the bearer token is not valid');
    const web = await grpcWebCreateNews(gw.url, editor, 'profiles/hexu-zhao', 'after revoke');
    assert.deepEqual(web, { status: 16, message: 'the bearer token is not valid' });
    assert.ok(!(await newsTexts('hexu-zhao')).includes('after revoke'));
  });
});
