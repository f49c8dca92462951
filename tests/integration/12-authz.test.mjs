// The authorization matrix: every route of `rebound routes` × {anonymous,
// shopper A, shopper B, seller A, seller B, admin}. What each may get
// follows from the route's flags:
//   admin   only the admin; a signed-in other gets 403
//   seller  only members of an approved seller; others signed in get 403
//   session anyone signed in
//   none    anyone
// A signed-out visitor gets 303 to /{m}/login?next=... on a page, 401 on
// the API. A route with an object id ({id}, ...) is tried on an object of
// A (shopper A for account routes, seller A for seller routes): anyone
// else signed in gets 404, never the object. POSTs carry each principal's
// own CSRF token, so what is tested is the access rule, not CSRF.
//
// The route table is read at run time: a new route is in the matrix by
// itself. A route whose parameters the test cannot fill fails with a
// message saying so (so new routes are added consciously), except the
// public storefront's (no flags, GET), which are tried with a name that
// does not exist.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  M, Client, psql, q, sha256hex, newToken, routes, params, fillPath, mintSessions,
  makeAdmin, makeSeller, cliHas,
} from './lib/identity.mjs';

const TABLE = routes();
const P = {}; // name -> { id, user, seller, admin }
const ORDER = ['nobody', 'anonymous', 'admin', 'shopper B', 'seller B', 'seller A', 'shopper A'];
let adminVia = '';

before(async () => {
  for (const [name, seller] of [['shopper A', false], ['shopper B', false], ['seller A', true], ['seller B', true]]) {
    const c = new Client({ label: name });
    const u = await c.register({ name: `Authz ${name}` });
    P[name] = { id: u.id, user: u, seller: seller ? makeSeller(u.id, `Authz ${name} ${u.id}`) : 0, admin: false };
  }
  const a = await makeAdmin({ name: 'Authz Admin' });
  adminVia = a.via;
  P.admin = { id: a.id, user: { id: a.id, email: a.email }, seller: 0, admin: true };
  P.anonymous = { id: null, user: null };
  P.nobody = { id: null, user: null, noCookie: true };
});

// Objects of A, made straight in PostgreSQL before every route: earlier
// routes may have deleted them.
function fixtures() {
  const a = P['shopper A'].id;
  psql(`INSERT INTO addresses (user_id, full_name, line1, city, postal_code, country)
        SELECT ${a}, 'A Address', '1 Owner Road', 'York', 'YO1 7HH', 'GB'
        WHERE NOT EXISTS (SELECT 1 FROM addresses WHERE user_id = ${a})`);
  psql(`INSERT INTO api_tokens (user_id, name, token_hash, scopes)
        SELECT ${a}, 'A token', decode(${q(sha256hex(newToken()))}, 'hex'), ARRAY['read']
        WHERE NOT EXISTS (SELECT 1 FROM api_tokens WHERE user_id = ${a} AND revoked_at IS NULL)`);
  // Another session of A, for the session routes.
  mintSessions([{ userId: a }]);
}

// A fresh session for each principal (one route's logout or
// end-other-sessions must not sign them out for the next).
function sessions() {
  const names = ORDER.filter((n) => !P[n].noCookie);
  const made = mintSessions(names.map((n) => ({ userId: P[n].id, user: P[n].user, label: n })));
  const out = { nobody: new Client({ label: 'nobody' }) };
  names.forEach((n, i) => { out[n] = made[i]; });
  return out;
}

const isApi = (r) => r.flags.has('api') || r.pattern.startsWith('/api/');
const needsUser = (r) => ['session', 'seller', 'admin'].some((f) => r.flags.has(f));
const objectParams = (r) => params(r.pattern).filter((p) => p !== 'm');
// Public: no user needed and no API scope (the catalog API is public, /me is not).
const isPublic = (r) => !needsUser(r) && r.method === 'GET' && ![...r.flags].some((f) => f.startsWith('scope'));

// The owner of the objects a route's parameters name.
function ownerOf(r) {
  if (r.flags.has('admin')) return 'admin';
  if (r.flags.has('seller')) return 'seller A';
  return 'shopper A';
}

// What principal n must get on route r: { status: [...], location? } or
// { allowed: true }.
function expected(r, n) {
  const p = P[n];
  // No cookie: no session, so no CSRF token for a POST.
  if (p.noCookie && r.method !== 'GET' && r.method !== 'HEAD') return { status: [403] };
  if (needsUser(r) && !p.id) {
    if (isApi(r)) return { status: [401] };
    return { status: [303], location: /^\/[a-z]{2}-[a-z]{2}\/login\?next=/ };
  }
  if (r.flags.has('admin') && !p.admin) return { status: [403] };
  if (r.flags.has('seller') && !p.seller) return { status: [403] };
  if (objectParams(r).length > 0 && !isPublic(r) && !r.flags.has('admin') && ownerOf(r) !== n) return { status: [404] };
  return { allowed: true };
}

describe('the route table', () => {
  test('every state-changing route has the csrf flag; every /admin route admin, every /seller route seller', () => {
    const bad = [];
    for (const r of TABLE) {
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.flags.has('csrf')) bad.push(`${r.method} ${r.pattern}: no csrf`);
      if (/^\/admin(\/|$)/.test(r.pattern) && !r.flags.has('admin')) bad.push(`${r.method} ${r.pattern}: no admin`);
      if (/^\/seller(\/|$)/.test(r.pattern) && !/\/seller\/apply$/.test(r.pattern) && !r.flags.has('seller')) bad.push(`${r.method} ${r.pattern}: no seller`);
      if (/^\/api\/v1\/seller\//.test(r.pattern) && !r.flags.has('seller')) bad.push(`${r.method} ${r.pattern}: no seller`);
      if (/^\/\{m\}\/account(\/|$)/.test(r.pattern) && !r.flags.has('session')) bad.push(`${r.method} ${r.pattern}: no session`);
    }
    assert.deepEqual(bad, []);
  });

  test('the admin was made with `rebound user add --admin`', () => {
    assert.ok(cliHas('user'), 'rebound has no "user" command');
    assert.equal(adminVia, 'cli', `the admin was made through ${adminVia}`);
  });
});

describe('authorization matrix', () => {
  for (const route of TABLE) {
    test(`${route.method} ${route.pattern} [${[...route.flags].join(',')}]`, async (t) => {
      fixtures();
      const s = sessions();
      let path;
      if (objectParams(route).length === 0) {
        path = route.pattern.replace(/\{m\}/g, M);
      } else if (isPublic(route)) {
        path = route.pattern.replace(/\{m\}/g, M).replace(/\{[^}]+\}/g, 'no-such-thing-zz');
      } else {
        path = await fillPath(route, mintSessions([{ userId: P[ownerOf(route)].id, user: P[ownerOf(route)].user }])[0]);
      }
      const wrong = [];
      const seen = [];
      for (const n of ORDER) {
        const want = expected(route, n);
        const c = s[n];
        const r = route.method === 'GET' || route.method === 'HEAD'
          ? await c.request(route.method, path, { tag: n })
          : await c.post(path, {}, { tag: n, csrf: !P[n].noCookie });
        const got = `${r.status}${r.location ? ` -> ${r.location}` : ''}`;
        seen.push(`${n} ${r.status}`);
        if (r.status >= 500) {
          wrong.push(`${n}: ${got} (a server error)`);
        } else if (want.allowed) {
          if (route.method === 'GET' && !isPublic(route) && r.status >= 400) wrong.push(`${n}: ${got}, want the page (2xx or 3xx)`);
          if (r.status === 303 && /\/login\?next=/.test(r.location || '')) wrong.push(`${n}: ${got}, sent to sign in although signed in`);
        } else if (!want.status.includes(r.status) || (want.location && !want.location.test(r.location || ''))) {
          wrong.push(`${n}: ${got}, want ${want.status.join(' or ')}${r.status >= 200 && r.status < 300 ? ' (an unexpected 2xx)' : ''}`);
        }
        c.close();
      }
      t.diagnostic(`${path}: ${seen.join(', ')}`);
      assert.deepEqual(wrong, [], `${route.method} ${path}`);
    });
  }
});
