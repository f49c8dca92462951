// The API's public contract: docs/openapi.yaml. The document nginx serves
// at /api/v1/openapi.json must be that file (as tools/openapi-json converts
// it), and every answer of the catalog API -- successes, 304s and errors --
// must match the schema the document gives for its operation, status and
// media type. The schemas say additionalProperties: false, so a member the
// document does not know fails here as much as a missing one.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { MARKETS, get } from './lib/stack.mjs';
import { Client } from './lib/identity.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC_ID = 'openapi.json';

// --- the document, as the build converts it --------------------------------

function convert() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-openapi-'));
  const out = path.join(dir, 'openapi.json');
  try {
    execFileSync(path.join(ROOT, 'tools/openapi-json'), [path.join(ROOT, 'docs/openapi.yaml'), out],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(readFileSync(out, 'utf8'));
  } catch (e) {
    throw new Error(`tools/openapi-json docs/openapi.yaml failed: ${(e.stderr || '').trim() || e.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DOC = convert();

// --- Ajv over the whole document -------------------------------------------

// Strict, so that a misspelt keyword in the document is an error rather
// than a constraint silently not checked. The OpenAPI members around the
// schemas are declared as (inert) keywords so the document itself can be
// added as one schema and its $refs (#/components/...) resolve in it.
const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addVocabulary(['openapi', 'info', 'jsonSchemaDialect', 'servers', 'tags', 'paths', 'components',
  'security', 'webhooks', 'externalDocs', 'example', 'discriminator', 'xml']);
ajv.addSchema(DOC, DOC_ID);

const escSeg = (s) => encodeURIComponent(String(s).replace(/~/g, '~0').replace(/\//g, '~1'));
const unescSeg = (s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');
const pointer = (segs) => `${DOC_ID}#/${segs.map(escSeg).join('/')}`;
const at = (segs) => segs.reduce((o, k) => (o == null ? undefined : o[k]), DOC);
const where = (segs) => `#/${segs.join('/')}`;

// Follows the document's local $refs (#/...) from the object at segs.
function resolve(segs) {
  let node = at(segs);
  for (let hops = 0; node && typeof node.$ref === 'string'; hops++) {
    assert.ok(hops < 20, `$ref loop at ${where(segs)}`);
    assert.match(node.$ref, /^#\//, `only local $refs: ${node.$ref}`);
    segs = node.$ref.slice(2).split('/').map(unescSeg);
    node = at(segs);
    assert.ok(node !== undefined, `unresolved $ref ${where(segs)}`);
  }
  return { node, segs };
}

const validators = new Map();
function validator(segs) {
  const key = pointer(segs);
  if (!validators.has(key)) validators.set(key, ajv.compile({ $ref: key }));
  return validators.get(key);
}

function assertValid(segs, value, what) {
  const v = validator(segs);
  if (!v(value)) {
    // The params say which member (additionalProperty, missingProperty...).
    const errors = v.errors.slice(0, 10).map((e) => ({ ...e, message: `${e.message} ${JSON.stringify(e.params)} [${e.schemaPath}]` }));
    const detail = ajv.errorsText(errors, { separator: '\n  ', dataVar: 'body' });
    const sample = JSON.stringify(value).slice(0, 600);
    assert.fail(`${what} does not match ${where(segs)}:\n  ${detail}\n  (${v.errors.length} errors)\nbody: ${sample}`);
  }
}

// --- requests --------------------------------------------------------------

const qs = (params = {}) => {
  const pairs = Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]));
  return pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
};

const header = (r, name) => (typeof r.headers.get === 'function' ? r.headers.get(name) : [r.headers[name.toLowerCase()]].flat().filter((x) => x != null).join(', ') || null);

// The operation's query parameters: the names, and whether it takes
// free-form ones (an exploded object: the attribute filters).
function queryParams(template) {
  const op = DOC.paths[template].get;
  const names = new Set();
  let freeForm = null;
  (op.parameters || []).forEach((_, i) => {
    const { node: p } = resolve(['paths', template, 'get', 'parameters', i]);
    if (p.in !== 'query') return;
    if (p.schema?.type === 'object' && p.style === 'form' && p.explode !== false) freeForm = p.schema.propertyNames?.pattern || '';
    else names.add(p.name);
  });
  return { names, freeForm };
}

// Checks one answer against the operation `template` (a key of paths):
// the status is the expected one and documented, the media type is
// documented for it, the body and the required headers match their
// schemas. Returns the parsed body (undefined for a 304).
function checkAnswer(template, url, r, status) {
  const what = `GET ${url}`;
  assert.equal(r.status, status, `${what}: status ${r.status}, want ${status}; body: ${String(r.body).slice(0, 300)}`);
  const op = DOC.paths[template]?.get;
  assert.ok(op, `${template} has no GET in docs/openapi.yaml`);
  assert.ok(String(status) in op.responses,
    `${what}: status ${status} is not documented for GET ${template} (documented: ${Object.keys(op.responses).join(', ')})`);
  const { node: resp, segs } = resolve(['paths', template, 'get', 'responses', String(status)]);

  if (r.status < 400) {
    const { names, freeForm } = queryParams(template);
    const u = new URL(url, 'http://x');
    for (const k of new Set(u.searchParams.keys())) {
      assert.ok(names.has(k) || (freeForm !== null && new RegExp(freeForm, 'u').test(k)),
        `${what}: query parameter ${k} is not documented for GET ${template}`);
    }
  }

  for (const name of Object.keys(resp.headers || {})) {
    const { node: hdr, segs: hsegs } = resolve([...segs, 'headers', name]);
    const value = header(r, name);
    if (value === null) {
      assert.ok(!hdr.required, `${what}: no ${name} header (documented as required)`);
      continue;
    }
    if (hdr.schema) assertValid([...hsegs, 'schema'], value, `${what}: header ${name}`);
  }

  if (!resp.content) {
    assert.equal(r.body, '', `${what}: a ${status} has no body`);
    return undefined;
  }
  const type = (header(r, 'content-type') || '').split(';')[0].trim().toLowerCase();
  assert.ok(type in resp.content,
    `${what}: Content-Type ${type || '(none)'} is not documented for ${status} (documented: ${Object.keys(resp.content).join(', ')})`);
  let body;
  try { body = JSON.parse(r.body); } catch (e) { assert.fail(`${what}: body is not JSON (${e.message}): ${String(r.body).slice(0, 300)}`); }
  assertValid([...segs, 'content', type, 'schema'], body, what);
  if (type === 'application/problem+json') assert.equal(body.status, status, `${what}: problem status member`);
  return body;
}

// GETs url (through nginx), checks the answer against the operation and
// returns { r, body }.
async function call(template, url, status = 200, headers = {}) {
  const r = await get(url, { headers });
  return { r, body: checkAnswer(template, url, r, status) };
}

const T = {
  markets: '/api/v1/markets',
  categories: '/api/v1/{market}/categories',
  products: '/api/v1/{market}/products',
  product: '/api/v1/{market}/products/{slug}',
  search: '/api/v1/{market}/search',
  me: '/api/v1/me',
  openapi: '/api/v1/openapi.json',
};

// --- the document itself ------------------------------------------------------

describe('the OpenAPI document', () => {
  test('docs/openapi.yaml is OpenAPI 3.1 and documents every API operation', () => {
    assert.match(DOC.openapi, /^3\.1\.\d+$/);
    for (const p of Object.values(T)) assert.ok(DOC.paths[p]?.get, `GET ${p} is documented`);
  });

  test('every schema of components compiles (strict) and its examples are valid', () => {
    for (const [name, s] of Object.entries(DOC.components.schemas)) {
      const segs = ['components', 'schemas', name];
      try { validator(segs); } catch (e) { assert.fail(`${where(segs)}: ${e.message}`); }
      for (const ex of s.examples || []) assertValid(segs, ex, `${where(segs)} example`);
    }
  });

  test('GET /api/v1/openapi.json serves docs/openapi.yaml as converted by tools/openapi-json', async () => {
    const { r, body } = await call(T.openapi, '/api/v1/openapi.json');
    assert.match(header(r, 'content-type') || '', /^application\/json/);
    assert.deepEqual(body, DOC, 'the served document is the converted docs/openapi.yaml (rebuild static/openapi.json?)');
    const etag = header(r, 'etag');
    assert.ok(etag, 'ETag');
    await call(T.openapi, '/api/v1/openapi.json', 304, { 'If-None-Match': etag });
  });
});

// --- the catalog ---------------------------------------------------------------

describe('catalog answers match docs/openapi.yaml', () => {
  const M = 'en-us';

  test('GET /api/v1/markets', async () => {
    const { body } = await call(T.markets, '/api/v1/markets');
    assert.deepEqual(body.items.map((m) => m.code).sort(), [...MARKETS].sort(), 'the markets');
  });

  for (const [m, slug] of [['en-us', 'smartphones'], ['fr-fr', 'ordinateurs-portables']]) {
    test(`GET /api/v1/${m}/categories`, async () => {
      const { body } = await call(T.categories, `/api/v1/${m}/categories`);
      assert.ok(body.items.length > 0, 'some categories');
      assert.ok(body.items.some((c) => c.slug === slug), `${slug} is listed`);
      const ids = new Set(body.items.map((c) => c.id));
      for (const c of body.items) {
        assert.ok(c.parent_id === null || ids.has(c.parent_id), `category ${c.slug}: parent ${c.parent_id} is listed`);
        assert.equal(c.parent_id === null, c.depth === 0, `category ${c.slug}: depth 0 exactly for roots`);
      }
    });
  }

  test('GET /api/v1/en-us/products (no parameters)', async () => {
    const { body } = await call(T.products, `/api/v1/${M}/products`);
    assert.ok(body.items.length > 0 && body.items.length <= 24, `1..24 cards (default limit), got ${body.items.length}`);
    assert.ok(body.total >= body.items.length, 'total');
    assert.equal(body.query, null, 'query without q');
  });

  test('filtered, sorted products, following next_cursor twice', async () => {
    const params = { category: 'smartphones', brand: 'apple', grade: 'good', sort: 'price_asc', limit: 5 };
    const seen = new Set();
    const prices = [];
    let cursor = null;
    for (let page = 1; page <= 3; page++) {
      const url = `/api/v1/${M}/products${qs(cursor ? { ...params, cursor } : params)}`;
      const { body } = await call(T.products, url);
      assert.ok(body.items.length >= 1 && body.items.length <= 5, `page ${page}: 1..5 cards, got ${body.items.length}`);
      for (const c of body.items) {
        assert.ok(!seen.has(c.id), `page ${page}: product ${c.slug} was on an earlier page`);
        seen.add(c.id);
        assert.equal(c.brand.slug, 'apple', `${c.slug}: brand`);
        assert.equal(c.category.slug, 'smartphones', `${c.slug}: category`);
        prices.push(c.from_price.amount);
      }
      const sel = (code, value) => body.facets.find((f) => f.code === code)?.values?.find((v) => v.value === value)?.selected;
      assert.equal(sel('brand', 'apple'), true, `page ${page}: brand facet shows apple selected`);
      assert.equal(sel('grade', 'good'), true, `page ${page}: grade facet shows good selected`);
      if (page < 3) {
        assert.equal(typeof body.next_cursor, 'string', `page ${page}: next_cursor (there are more than ${page * 5} Apple phones)`);
        cursor = body.next_cursor;
      }
    }
    assert.deepEqual(prices, [...prices].sort((a, b) => a - b), 'price_asc across pages');
  });

  test('GET /api/v1/en-us/search?q=iphone', async () => {
    const { body } = await call(T.search, `/api/v1/${M}/search${qs({ q: 'iphone' })}`);
    assert.ok(body.items.length > 0, 'iPhones found');
    assert.equal(body.query, 'iphone');
  });

  test('GET /api/v1/en-us/search?q=iphnoe 13 (a typo)', async () => {
    const { body } = await call(T.search, `/api/v1/${M}/search${qs({ q: 'iphnoe 13' })}`);
    assert.equal(body.query, 'iphnoe 13');
    assert.ok(body.items.length > 0 || body.corrected_query !== null, 'the typo is corrected or still finds something');
  });

  test('product page, by default and for a chosen variant', async () => {
    const list = await call(T.products, `/api/v1/${M}/products`);
    const slug = list.body.items[0].slug;
    const { body: p } = await call(T.product, `/api/v1/${M}/products/${slug}`);
    assert.equal(p.slug, slug);
    const skus = p.variants.map((v) => v.sku);
    assert.ok(skus.includes(p.selected_sku), 'selected_sku is one of the variants');
    assert.deepEqual(p.variants.filter((v) => v.selected).map((v) => v.sku), [p.selected_sku], 'exactly the selected variant says selected');
    const other = p.variants.find((v) => !v.selected) || p.variants[0];
    const { body: pv } = await call(T.product, `/api/v1/${M}/products/${slug}${qs({ variant: other.sku })}`);
    assert.equal(pv.selected_sku, other.sku, '?variant= selects it');
    assert.deepEqual(pv.variants.filter((v) => v.selected).map((v) => v.sku), [other.sku]);
  });

  test('If-None-Match with the ETag: 304 without a body', async () => {
    const list = await call(T.products, `/api/v1/${M}/products${qs({ limit: 3 })}`);
    const slug = list.body.items[0].slug;
    const urls = [
      [T.markets, '/api/v1/markets'],
      [T.categories, `/api/v1/${M}/categories`],
      [T.products, `/api/v1/${M}/products${qs({ limit: 3 })}`],
      [T.search, `/api/v1/${M}/search${qs({ q: 'iphone' })}`],
      [T.product, `/api/v1/${M}/products/${slug}`],
    ];
    for (const [template, url] of urls) {
      const { r } = await call(template, url);
      const etag = header(r, 'etag');
      assert.ok(etag, `${url}: ETag`);
      await call(template, url, 304, { 'If-None-Match': etag });
    }
  });

  const bad = [
    [T.products, { sort: 'bogus' }],
    [T.products, { limit: 0 }],
    [T.products, { limit: 101 }],
    [T.products, { cursor: 'garbage' }],
    [T.products, { grade: 'mint' }],
    [T.products, { sort: 'relevance' }],
    [T.products, { bogus: '1' }],
    [T.search, {}],
    [T.search, { q: 'x'.repeat(201) }],
  ];
  for (const [template, params] of bad) {
    const url = `${template.replace('{market}', M)}${qs(params)}`;
    test(`GET ${url.slice(0, 60)}: 400 problem`, async () => {
      await call(template, url, 400);
    });
  }

  test('a cursor of another sort: 400 problem', async () => {
    const { body } = await call(T.products, `/api/v1/${M}/products${qs({ sort: 'price_asc', limit: 2 })}`);
    assert.equal(typeof body.next_cursor, 'string', 'next_cursor');
    await call(T.products, `/api/v1/${M}/products${qs({ sort: 'newest', limit: 2, cursor: body.next_cursor })}`, 400);
  });

  test('unknown market, product or variant: 404 problem', async () => {
    await call(T.categories, '/api/v1/xx-xx/categories', 404);
    await call(T.products, '/api/v1/xx-xx/products', 404);
    await call(T.product, `/api/v1/${M}/products/no-such-product-anywhere`, 404);
    const list = await call(T.products, `/api/v1/${M}/products${qs({ limit: 1 })}`);
    await call(T.product, `/api/v1/${M}/products/${list.body.items[0].slug}${qs({ variant: 'NO-SUCH-SKU-000' })}`, 404);
  });
});

// --- the account ----------------------------------------------------------------

describe('GET /api/v1/me matches docs/openapi.yaml', () => {
  test('no credentials: 401 problem', async () => {
    await call(T.me, '/api/v1/me', 401);
  });

  test('signed in: 200', async () => {
    const c = new Client();
    const user = await c.register({ name: 'OpenAPI Reader' });
    const r = await c.get('/api/v1/me');
    const body = checkAnswer(T.me, '/api/v1/me', r, 200);
    assert.equal(body.email, user.email.toLowerCase());
    assert.equal(body.name, 'OpenAPI Reader');
    assert.equal(body.seller_id, null);
  });
});
