// The public HTTP contract, through nginx: pages, redirects, errors, headers,
// static files and hostile requests.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, MARKETS, get, raw, rawRequest } from './lib/stack.mjs';

const MARKET_NAMES = {
  'en-us': [/United States/i, /\bUSA?\b/],
  'en-gb': [/United Kingdom/i, /\bUK\b/],
  'fr-fr': [/France/i],
  'de-de': [/Deutschland/i, /Germany/i],
  'es-es': [/España/i, /Spain/i],
};

function assertSecurityHeaders(h, what) {
  const one = (k) => (typeof h.get === 'function' ? h.get(k) : (h[k] || []).join(', '));
  assert.equal(one('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(one('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  assert.equal(one('referrer-policy'), 'strict-origin-when-cross-origin', `${what}: Referrer-Policy`);
  const csp = one('content-security-policy') || '';
  for (const d of ["default-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"]) {
    assert.ok(csp.includes(d), `${what}: CSP lacks ${d}: ${csp}`);
  }
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${what}: CSP allows inline code: ${csp}`);
  assert.ok(one('permissions-policy'), `${what}: Permissions-Policy`);
  assert.match(one('x-request-id') || '', /^[0-9a-f]{32}$/, `${what}: X-Request-Id`);
  const server = one('server') || '';
  assert.ok(!/\d/.test(server), `${what}: Server header shows a version: ${server}`);
}

describe('pages', () => {
  for (const m of MARKETS) {
    test(`GET /${m}/ is the ${m} home page`, async () => {
      const r = await get(`/${m}/`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /^text\/html;\s*charset=utf-8$/i);
      assert.match(r.body, /^<!DOCTYPE html>/i);
      // The language of the text: the market's once its translation exists,
      // English until then.
      assert.match(r.body, /<html[^>]*\slang="[a-z]{2}(-[A-Za-z]{2})?"/, 'html lang');
      // Every page lists all markets (switcher, footer): the title or the
      // main heading must name this one.
      const strip = (x) => (x || '').replace(/<[^>]*>/g, ' ');
      const named = strip((r.body.match(/<title>([\s\S]*?)<\/title>/i) || [])[1]) + ' ' +
        strip((r.body.match(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i) || [])[1]);
      assert.ok(MARKET_NAMES[m].some((re) => re.test(named)), `title or h1 names the market: ${named.trim()}`);
      // The CSP forbids inline code: a page that has some is broken in a browser.
      assert.doesNotMatch(r.body, /<script(?![^>]*\ssrc=)[^>]*>/i, 'inline <script>');
      assert.doesNotMatch(r.body, /<style[\s>]/i, 'inline <style>');
      assert.doesNotMatch(r.body, /\sstyle="/i, 'style attribute');
      assert.doesNotMatch(r.body, /\son[a-z]+="/i, 'inline event handler');
    });
  }

  test('GET /healthz is 200 "ok"', async () => {
    const r = await get('/healthz');
    assert.equal(r.status, 200);
    assert.equal(r.body.trim(), 'ok');
  });

  test('GET /readyz is 200 JSON while PostgreSQL and memcached run', async () => {
    const r = await get('/readyz');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    JSON.parse(r.body);
  });
});

describe('GET / redirects by Accept-Language', () => {
  const cases = [
    ['fr', '/fr-fr/'],
    ['de-AT', '/de-de/'],
    ['en-GB,en;q=0.8', '/en-gb/'],
    ['de;q=0.1, fr;q=0.9', '/fr-fr/'],
    ['es-ES,es;q=0.9', '/es-es/'],
    ['ja', '/en-us/'],
    [null, '/en-us/'],
  ];
  for (const [al, want] of cases) {
    test(`Accept-Language ${al === null ? '(none)' : JSON.stringify(al)} -> ${want}`, async () => {
      // Raw, because fetch() always sends an Accept-Language of its own.
      const r = await raw(rawRequest('GET', '/', al === null ? {} : { 'Accept-Language': al }));
      assert.ok([301, 302, 303, 307, 308].includes(r.status), `a redirect: ${r.statusLine}`);
      assert.equal(new URL(r.headers.location[0], BASE).pathname, want);
      assert.ok(r.headers['x-request-id'], 'X-Request-Id');
    });
  }

  test('the redirect is a 302 Found that no shared cache keeps', async () => {
    const r = await raw(rawRequest('GET', '/', { 'Accept-Language': 'fr' }));
    assert.equal(r.status, 302, r.statusLine);
    assert.match((r.headers['cache-control'] || []).join(), /no-store|private|no-cache/, 'Cache-Control');
    assert.match((r.headers.vary || []).join(), /Accept-Language/i, 'Vary: Accept-Language');
  });
});

describe('errors', () => {
  test('an unknown page is a 404 HTML page', async () => {
    for (const p of ['/en-us/no-such-page', '/no-such-page', '/xx-yy/']) {
      const r = await get(p);
      assert.equal(r.status, 404, p);
      assert.match(r.headers.get('content-type'), /^text\/html/, p);
      assertSecurityHeaders(r.headers, p);
    }
  });

  test('/api/v1/nope is a 404 application/problem+json', async () => {
    const r = await get('/api/v1/nope');
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    const p = JSON.parse(r.body);
    assert.equal(typeof p.title, 'string');
    if ('status' in p) assert.equal(p.status, 404);
  });

  test('a wrong method is a 405 with Allow', async () => {
    for (const p of ['/healthz', '/en-us/']) {
      const r = await get(p, { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(r.status, 405, `POST ${p}`);
      assert.match(r.headers.get('allow') || '', /\bGET\b/, `POST ${p}: Allow`);
    }
  });

  test('a body over client_max_body_size is a 413', async () => {
    const r = await raw(rawRequest('POST', '/en-us/', {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': String(2 * 1024 * 1024),
    }, 'a=1&'));
    assert.equal(r.status, 413);
    assertSecurityHeaders(r.headers, '413');
  });

  for (const target of ['/en-us/?q=%zz', '/en-us/?q=%', '/en-us/?q=%00', '/en-us/?q=%ff', '/%ff', '/en-us/%zz', '/en-us/?q=%0d%0aX:1']) {
    test(`bad percent-encoding ${target} is a 400`, async () => {
      const r = await raw(rawRequest('GET', target));
      assert.equal(r.status, 400, `${target}: ${r.statusLine}`);
      assert.ok(r.headers['x-request-id'], 'X-Request-Id');
    });
  }
});

describe('headers', () => {
  test('every kind of response has X-Request-Id and the security headers', async () => {
    const ids = new Set();
    for (const p of ['/en-us/', '/', '/healthz', '/readyz', '/metrics', '/en-us/nope', '/api/v1/nope', '/static/nope.css']) {
      const r = await get(p);
      assertSecurityHeaders(r.headers, `${p} (${r.status})`);
      ids.add(r.headers.get('x-request-id'));
    }
    assert.equal(ids.size, 8, 'request ids are unique');
  });

  test('no server version and no X-Powered-By', async () => {
    const r = await get('/en-us/');
    assert.equal(r.headers.get('x-powered-by'), null);
    assert.doesNotMatch(r.headers.get('server') || '', /\d/);
  });
});

describe('metrics', () => {
  test('/metrics is Prometheus text with request counters', async () => {
    await get('/en-us/');
    const r = await get('/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain/);
    assert.match(r.body, /^# TYPE \S+ counter$/m);
    const m = r.body.match(/^([a-z_:][a-z0-9_:]*requests[a-z0-9_]*_total)(\{[^}]*\})? ([0-9.e+]+)$/m);
    assert.ok(m, 'a *requests*_total counter');
    assert.ok(Number(m[3]) > 0, `${m[0]} counts requests`);
  });

  test('/metrics is refused to any address but 127.0.0.1', async () => {
    const r = await raw(rawRequest('GET', '/metrics'), { localAddress: '127.0.0.2' });
    assert.equal(r.status, 403);
  });
});

describe('static files', () => {
  test('a stylesheet the home page links is served by nginx, cached a year, gzipped', async (t) => {
    const home = await get('/en-us/');
    const links = [...home.body.matchAll(/<link\b[^>]*>/gi)].map((x) => x[0])
      .filter((l) => /rel="?stylesheet/i.test(l));
    if (links.length === 0) {
      t.skip('the home page links no stylesheet yet');
      return;
    }
    for (const l of links) {
      const href = l.match(/href="([^"]+)"/i)[1];
      const url = new URL(href, BASE);
      assert.equal(url.origin, BASE, `${href} is local`);
      assert.ok(url.pathname.startsWith('/static/'), `${href} is under /static/`);
      const r = await get(url.pathname, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(r.status, 200, href);
      assert.match(r.headers.get('content-type'), /^text\/css/);
      const cc = r.headers.get('cache-control') || '';
      assert.match(cc, /max-age=31536000/, `${href}: ${cc}`);
      assert.match(cc, /immutable/, `${href}: ${cc}`);
      if (Number(r.headers.get('content-length') || r.body.length) >= 256 || r.body.length >= 256) {
        assert.equal(r.headers.get('content-encoding'), 'gzip', `${href} gzipped`);
      }
      assertSecurityHeaders(r.headers, href);
    }
  });

  for (const target of ['/static/../configure.ac', '/static/..%2fconfigure.ac', '/static/%2e%2e/configure.ac',
    '/static../configure.ac', '/static/..%2f..%2fetc/passwd', '/static//../configure.ac',
    '/static/%2e%2e%2fconfigure.ac', '/static/..\\configure.ac']) {
    test(`${target} serves no file outside static/`, async () => {
      const r = await raw(rawRequest('GET', target));
      assert.notEqual(r.status, 0, 'an answer');
      assert.doesNotMatch(r.body, /AC_INIT|root:x:0:0/);
      assert.ok(r.status >= 400, `${target}: ${r.statusLine}`);
    });
  }
});
