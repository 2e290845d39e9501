// web/src/data.js: which profile the address names, what a failed GET means.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILE_ID, failureKind, paperPath, profileIdFromPath, profileIdOf } from '../../../web/src/data.js';

describe('page data', () => {
  it('reads the profile id from /p/{id}, and none from "/"', () => {
    assert.equal(profileIdFromPath('/p/hexu-zhao'), 'hexu-zhao');
    assert.equal(profileIdFromPath('/p/hexu-zhao/'), 'hexu-zhao');
    assert.equal(profileIdFromPath('/p/%3Cb%3E'), '<b>');
    assert.equal(profileIdFromPath('/p/%E0%A4%A'), '%E0%A4%A');
    assert.equal(profileIdFromPath('/'), null);
    assert.equal(profileIdFromPath('/p/a/b'), null);
  });
  it('accepts profile ids as the server does', () => {
    for (const ok of ['hexu-zhao', 'a', 'a1', '0-0']) assert.ok(PROFILE_ID.test(ok), ok);
    for (const bad of ['', '-a', 'a-', 'A', 'a_b', 'a'.repeat(64), '<b>']) assert.ok(!PROFILE_ID.test(bad), bad);
    assert.equal(profileIdOf('profiles/hexu-zhao'), 'hexu-zhao');
    assert.equal(profileIdOf('profiles/hexu-zhao/news/x'), '');
  });
  it('links a publication to its published page /p/{id}/pub/{pub}', () => {
    assert.equal(paperPath('profiles/hexu-zhao/publications/zhao-2024-scaling'), '/p/hexu-zhao/pub/zhao-2024-scaling');
    assert.equal(paperPath('profiles/hexu-zhao/news/x'), null);
    assert.equal(paperPath('profiles/a/publications/<b>'), null);
    assert.equal(paperPath(undefined), null);
  });
  it('tells not found, unavailable and other errors apart', () => {
    assert.equal(failureKind(404, { code: 5, message: 'no' }), 'not-found');
    assert.equal(failureKind(404, null), 'not-found');
    assert.equal(failureKind(404, { code: 12 }), 'error');
    assert.equal(failureKind(503, null), 'unavailable');
    assert.equal(failureKind(502, null), 'unavailable');
    assert.equal(failureKind(504, null), 'unavailable');
    assert.equal(failureKind(500, { code: 14 }), 'unavailable');
    assert.equal(failureKind(500, { code: 4 }), 'unavailable');
    assert.equal(failureKind(500, { code: 13 }), 'error');
  });
});
