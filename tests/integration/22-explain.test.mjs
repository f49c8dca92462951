// No page sequential-scans a big table on the scale-10 data set.
//
// A scratch database of the stack's cluster, rebound_s10, gets the
// migrations and "rebound seed --demo --scale 10" (about 80 s), then
// ANALYZE. Every CATALOG_* statement of app/db/statements_catalog.h (read
// from the header, so a changed statement is tested as it is) is prepared
// and explained with the parameters the pages give it
// (app/domain/catalog_listing.c, catalog_product.c, catalog_home.c), twice:
// with the planner's own choice (a custom plan, as for the first five
// executions of a prepared statement) and with plan_cache_mode =
// force_generic_plan (what a long-lived worker's prepared statement may
// settle on). No plan node may be a Seq Scan of a table that grows with the
// catalog. The database is dropped at the end, whatever happened.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stack } from './lib/stack.mjs';
import { psqlRows, q } from './lib/identity.mjs';

const DB = 'rebound_s10';
const SCALE = 10;

// Tables that grow with the catalog (or with its sellers): a Seq Scan of
// one of them is a page that gets slower as the catalog grows.
const BIG = new Set(['products', 'variants', 'offers', 'product_prices', 'product_search',
  'price_history', 'new_prices', 'sellers']);
// Everything else the statements read is a small, fixed-size reference
// table (categories, brands, grades, languages, markets, attributes, the
// *_i18n tables, category_attributes, search_words: tens to a few hundred
// rows whatever the scale); the planner rightly seq-scans those, so they
// are allowed.

// CATALOG_SITEMAP reads every product of a market by design (the sitemap
// lists them all), so a Seq Scan is its best plan: not checked. Its page is
// cached and rebuilt rarely.
const SKIP = new Set(['CATALOG_SITEMAP']);

// --- the statements, from the C header -------------------------------------

// X(NAME, "..." "..." ..., NPARAMS) entries: the string literals joined,
// \" and \\ unescaped.
function catalogStatements() {
  const src = readFileSync(path.join(stack.root, 'app/db/statements_catalog.h'), 'utf8');
  const out = new Map();
  const entry = /X\(\s*(CATALOG_[A-Z0-9_]+)\s*,((?:[\s\\]|"(?:[^"\\]|\\.)*")*),[\s\\]*(\d+)\s*\)/g;
  let m;
  while ((m = entry.exec(src))) {
    const lits = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((l) => l[1]);
    const sql = lits.join('').replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c);
    out.set(m[1], { sql, nparams: Number(m[3]) });
  }
  return out;
}

// --- PostgreSQL ----------------------------------------------------------------

function pgServer() {
  if (process.env.REBOUND_STACK_PG_HOST && process.env.REBOUND_STACK_PG_PORT) {
    return { host: process.env.REBOUND_STACK_PG_HOST, port: process.env.REBOUND_STACK_PG_PORT };
  }
  const line = readFileSync(stack.config, 'utf8').split('\n').find((l) => /^database\s*=/.test(l));
  return { host: / host=(\S+)/.exec(' ' + line)[1], port: / port=(\d+)/.exec(line)[1] };
}

// The stack's connection string with dbname replaced.
function conninfo() {
  const line = readFileSync(stack.config, 'utf8').split('\n').find((l) => /^database\s*=/.test(l));
  let ci = line.replace(/^database\s*=\s*/, '').trim();
  if (/(^|\s)dbname=\S+/.test(ci)) ci = ci.replace(/(^|\s)dbname=\S+/, `$1dbname=${DB}`);
  else ci += ` dbname=${DB}`;
  return ci;
}

const sql = (text) => psqlRows(text, DB);
const dropDb = () => psqlRows(`SET client_min_messages = warning; DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`, 'postgres');

function rebound(...args) {
  const r = spawnSync(stack.bin, [...args, '--config', stack.config], {
    encoding: 'utf8', timeout: 200_000, env: { ...process.env, REBOUND_DATABASE: conninfo() },
  });
  assert.equal(r.status, 0, `rebound ${args.join(' ')}: ${r.error || ''}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

// A parameter as an SQL literal (null: NULL); arrays in PostgreSQL's text
// form, objects as JSON, as the app sends them.
function lit(v) {
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return q(`{${v.join(',')}}`);
  if (typeof v === 'object') return q(JSON.stringify(v));
  return q(String(v));
}

// PREPARE + EXECUTE (or EXPLAIN ... EXECUTE) of one statement in one
// session; returns the rows of the last command.
function run(stmt, params, { explain = null, generic = false } = {}) {
  const pre = generic ? 'SET plan_cache_mode = force_generic_plan;\n' : '';
  const exec = `EXECUTE s(${params.map(lit).join(', ')})`;
  const body = `${pre}PREPARE s AS ${stmt.sql};\n${explain ? `EXPLAIN (${explain}) ` : ''}${exec};\n`;
  // EXPLAIN does not run the statement; the rollback is for a writing
  // statement all the same.
  const writes = /^\s*(WITH\s+\w+\s+AS\s*\(\s*)?(UPDATE|INSERT|DELETE)\b/i.test(stmt.sql);
  return sql(writes ? `BEGIN;\n${body}ROLLBACK;\n` : body);
}

// Every node of a FORMAT JSON plan.
function* nodes(plan) {
  yield plan;
  for (const child of plan.Plans || []) yield* nodes(child);
}

// --- the test ----------------------------------------------------------------

describe(`EXPLAIN on the scale-${SCALE} catalog`, { timeout: 240_000 }, () => {
  const statements = catalogStatements();
  let cases = [];

  before(() => {
    dropDb();
    psqlRows(`CREATE DATABASE ${DB} OWNER rebound ENCODING 'UTF8' TEMPLATE template0`, 'postgres');
    rebound('migrate');
    rebound('seed', '--demo', '--scale', String(SCALE));
    // VACUUM as well as ANALYZE: the seed's bulk insert leaves the GIN
    // indexes' pending lists full (thousands of entries), which makes the
    // planner price product_search_document far above a Seq Scan until
    // autovacuum flushes them. The steady state is what a site runs in.
    psqlRows('VACUUM (ANALYZE)', DB);
    cases = buildCases(statements);
  });

  after(() => dropDb());

  test('the header holds the catalog statements', () => {
    assert.ok(statements.size >= 10, `parsed ${statements.size} CATALOG_* statements`);
    for (const [name, s] of statements) {
      const top = Math.max(0, ...[...s.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      assert.equal(top, s.nparams, `${name}: highest $n is ${top}, the header says ${s.nparams}`);
    }
  });

  test('the demo data is scale 10', () => {
    const [[n]] = sql('SELECT count(*) FROM products');
    assert.ok(Number(n) >= 10000, `${n} products`);
  });

  test('every statement but the sitemap has a case', () => {
    const covered = new Set(cases.map((c) => c.stmt));
    const missing = [...statements.keys()].filter((n) => !SKIP.has(n) && !covered.has(n));
    assert.deepEqual(missing, [], 'add cases (parameters as the page sends them) for these statements');
  });

  for (const generic of [false, true]) {
    test(`no Seq Scan of a big table (${generic ? 'generic plans' : 'custom plans'})`, () => {
      const bad = [];
      for (const c of cases) {
        const s = statements.get(c.stmt);
        const [[json]] = run(s, c.params, { explain: 'FORMAT JSON', generic });
        const plan = JSON.parse(json)[0].Plan;
        const scans = [...nodes(plan)].filter((n) => n['Node Type'] === 'Seq Scan' && BIG.has(n['Relation Name']));
        if (scans.length === 0) continue;
        const text = run(s, c.params, { explain: 'COSTS ON', generic }).map((r) => r[0]);
        bad.push(`${c.stmt} (${c.label}): Seq Scan on ${[...new Set(scans.map((n) => n['Relation Name']))].join(', ')}\n`
          + text.slice(0, 40).map((l) => `    ${l}`).join('\n') + (text.length > 40 ? '\n    ...' : ''));
      }
      assert.equal(bad.length, 0, `${bad.length} plan(s) seq-scan a big table:\n\n${bad.join('\n\n')}`);
    });
  }
});

// The parameters each page sends, from the data itself.
function buildCases(statements) {
  const st = (n) => statements.get(n);
  // CATALOG_CONTEXT as the listing runs it: $1 lang, $2 category slug,
  // $3 brand slugs, $4 search text. Column 5 is the category's ids (every
  // active category without one), 7 the facet definitions, 8 brand ids.
  const context = (lang, category, brands, text) => {
    const [row] = run(st('CATALOG_CONTEXT'), [lang, category, brands, text]);
    return { ids: row[5], defs: row[7] === '\\N' ? [] : JSON.parse(row[7]), brandIds: row[8] };
  };
  const phones = context('en', 'smartphones', [], null);
  assert.notEqual(phones.ids, '{}', 'the smartphones category');
  const all = context('en', null, [], null);
  const codes = `{${phones.defs.map((d) => d.code).join(',')}}`;
  const [[brand]] = sql(`SELECT b.slug FROM product_prices pp JOIN brands b ON b.id = pp.brand_id
    WHERE pp.market = 'en-us' AND pp.category_id = ANY (${q(phones.ids)}::int[])
    GROUP BY b.slug ORDER BY count(*) DESC LIMIT 1`);
  const apple = context('en', 'smartphones', [brand], null);
  // One real attribute value of a smartphone for the attribute filter.
  const [[attrCode, attrVal]] = sql(`SELECT e.key, e.value::text FROM product_prices pp
    CROSS JOIN jsonb_each(pp.attrs) e
    WHERE pp.market = 'en-us' AND pp.category_id = ANY (${q(phones.ids)}::int[])
      AND jsonb_typeof(e.value) IN ('string', 'boolean') ORDER BY pp.popularity DESC LIMIT 1`);
  const attrs = { [attrCode]: [JSON.parse(attrVal)] };
  // The most popular product of the market, its cheapest variant with an
  // offer, and one of its offers.
  const [[slug, variant, offer]] = sql(`SELECT p.slug, o.variant_id, o.id
    FROM product_prices pp JOIN products p ON p.id = pp.product_id
    JOIN variants v ON v.product_id = p.id JOIN offers o ON o.variant_id = v.id AND o.market = 'en-us'
    WHERE pp.market = 'en-us' ORDER BY pp.popularity DESC, o.price LIMIT 1`);
  const [[deSlug]] = sql(`SELECT ci.slug FROM category_i18n ci JOIN category_i18n en
    ON en.category_id = ci.category_id AND en.lang = 'en' AND en.slug = 'smartphones' WHERE ci.lang = 'de'`);
  const dePhones = context('de', deSlug, [], null);

  // Listing parameters $1..$8: market, category ids, brand ids, grades,
  // storages, min and max price, attribute filter.
  const base = (market, ids, o = {}) => [market, ids, o.brands ?? '{}', o.grades ?? [], o.storages ?? [],
    o.min ?? null, o.max ?? null, o.attrs ?? {}];
  const filtered = { brands: apple.brandIds, grades: ['excellent', 'good'], storages: [128, 256],
    min: 10000, max: 200000, attrs };
  // Items: $9 sort, $10 limit, $11 offset, $12/$13 cursor, $14 lang; the
  // search forms add $15 text search configuration and $16 the text.
  const items = (label, market, lang, ids, o, sort, limit, offset, cursor) => ({
    stmt: 'CATALOG_ITEMS', label,
    params: [...base(market, ids, o), sort, limit, offset, cursor?.[0] ?? null, cursor?.[1] ?? null, lang],
  });
  const searchItems = (label, ids, text, o, sort) => ({
    stmt: 'CATALOG_SEARCH_ITEMS', label,
    params: [...base('en-us', ids, o), sort, 24, 0, null, null, 'en', 'rebound_en', text],
  });
  // Facets: $9 facet attribute codes, $10 lang; search adds $11, $12.
  const facets = (label, market, lang, ids, o, c) => ({
    stmt: 'CATALOG_FACETS', label, params: [...base(market, ids, o), c, lang],
  });
  const searchFacets = (label, ids, text, o, c) => ({
    stmt: 'CATALOG_SEARCH_FACETS', label, params: [...base('en-us', ids, o), c, 'en', 'rebound_en', text],
  });

  return [
    { stmt: 'CATALOG_CONTEXT', label: '/en-us/c/smartphones', params: ['en', 'smartphones', '{}', null] },
    { stmt: 'CATALOG_CONTEXT', label: '/en-us/c/smartphones?brand=', params: ['en', 'smartphones', [brand], null] },
    { stmt: 'CATALOG_CONTEXT', label: '/en-us/search?q=iphone', params: ['en', null, '{}', 'iphone'] },
    { stmt: 'CATALOG_CONTEXT', label: '/en-us/search?q=iphnoe (correction)', params: ['en', null, '{}', 'iphnoe samsnug'] },
    items('/en-us/c/smartphones', 'en-us', 'en', phones.ids, {}, 'popular', 24, 0),
    items('/en-us/c/smartphones, every filter, price_asc', 'en-us', 'en', phones.ids, filtered, 'price_asc', 24, 0),
    items('/en-us/c/smartphones?sort=newest&page=5', 'en-us', 'en', phones.ids, {}, 'newest', 24, 96),
    items('/api/v1/en-us/products?category=smartphones&cursor=', 'en-us', 'en', phones.ids, {}, 'popular', 24, 0, [-10, -100]),
    items('/api/v1/en-us/products (every category)', 'en-us', 'en', all.ids, {}, 'popular', 24, 0),
    items('/de-de/c/<smartphones>?sort=price_desc', 'de-de', 'de', dePhones.ids, {}, 'price_desc', 24, 0),
    facets('/en-us/c/smartphones', 'en-us', 'en', phones.ids, {}, codes),
    facets('/en-us/c/smartphones, every filter', 'en-us', 'en', phones.ids, filtered, codes),
    facets('/api/v1/en-us/products (every category)', 'en-us', 'en', all.ids, {}, '{}'),
    searchItems('/en-us/search?q=iphone', '{}', 'iphone', {}, 'relevance'),
    searchItems('/en-us/search?q=iphone&category=smartphones&sort=price_asc', phones.ids, 'iphone', {}, 'price_asc'),
    searchItems('/en-us/search?q=phone (many hits)', '{}', 'phone', {}, 'relevance'),
    searchFacets('/en-us/search?q=iphone', '{}', 'iphone', {}, '{}'),
    searchFacets('/en-us/search?q=iphone&category=smartphones', phones.ids, 'iphone', { grades: ['good'] }, codes),
    { stmt: 'CATALOG_PRODUCT', label: `/en-us/p/${slug}`, params: [slug, 'en', 'en-us'] },
    { stmt: 'CATALOG_OFFERS', label: `/en-us/p/${slug}`, params: [variant, 'en-us'] },
    { stmt: 'CATALOG_PRICE_HISTORY', label: `/en-us/p/${slug}`, params: [variant, 'en-us'] },
    { stmt: 'CATALOG_CATEGORIES', label: '/en-us/', params: ['en-us', 'en'] },
    { stmt: 'CATALOG_DEALS', label: '/en-us/', params: ['en-us', 8] },
    { stmt: 'CATALOG_RECENT', label: '/en-us/', params: ['en-us', 8] },
    { stmt: 'CATALOG_OFFER_UPDATE', label: `PATCH offer ${offer}`, params: [offer, 12345, null, null] },
  ];
}
