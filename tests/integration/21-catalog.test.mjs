// The catalog through nginx, on the seeded demo data (scale 1): facet
// counts and totals against SQL over the read model, pagination (HTML
// pages and API cursors) against the SQL order, 404/400 on bad input,
// cache invalidation by the CLI, typo-tolerant search, the query budget,
// SEO markup, Cache-Control and ETags.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { get, BASE, stack } from './lib/stack.mjs';
import {
  psqlRows, psql, psqlBackground, q, memcached, Client, attrs, unescapeHtml, waitUntil,
} from './lib/identity.mjs';

const M = 'en-us';

// --- helpers ------------------------------------------------------------

const queries = (r) => {
  const h = r.headers.get('server-timing') || '';
  const m = /db;desc="queries=(\d+)"/.exec(h);
  assert.ok(m, `no Server-Timing db queries header (got ${JSON.stringify(h)})`);
  return Number(m[1]);
};

async function api(path, { status = 200 } = {}) {
  const r = await get(path);
  assert.equal(r.status, status, `${path}: ${r.status} ${r.body.slice(0, 300)}`);
  return JSON.parse(r.body);
}

async function page(path, { status = 200 } = {}) {
  const r = await get(path);
  assert.equal(r.status, status, `${path}: ${r.status} ${r.body.slice(0, 300)}`);
  return r;
}

// Facet links of a listing page: { facet: { value: count } }.
function htmlFacets(html) {
  const out = {};
  const re = /<a\b[^>]*\bclass="[^"]*\bfacet-value\b[^"]*"[^>]*>([\s\S]*?)<\/a>/g;
  let m;
  while ((m = re.exec(html))) {
    const a = attrs(m[0].slice(0, m[0].indexOf('>') + 1));
    if (!a['data-facet']) continue; // price range shortcuts
    const c = /<span class="count">\(([^)]*)\)<\/span>/.exec(m[1]);
    assert.ok(c, `facet link without a count: ${m[0].slice(0, 200)}`);
    (out[a['data-facet']] ||= {})[a['data-value']] = Number(c[1].replace(/\D/g, ''));
  }
  return out;
}

// Paths of the product cards, in order.
function cardPaths(html) {
  const out = [];
  const re = /<li\b[^>]*\bclass="[^"]*\bproduct-card\b[^"]*"[^>]*>\s*<a\b[^>]*>/g;
  let m;
  while ((m = re.exec(html))) out.push(attrs(m[0].slice(m[0].lastIndexOf('<a'))).href);
  return out;
}

const resultsCount = (html) => {
  const m = /class="results-count">([^<]*)</.exec(html);
  assert.ok(m, 'no results count on the page');
  return Number(m[1].replace(/\D/g, ''));
};

const linkTags = (html) => [...html.matchAll(/<link\b[^>]*>/g)].map((m) => attrs(m[0]));

// API facets: { code: { value: count } } (value facets only, zero counts left out).
function apiFacets(d) {
  const out = {};
  for (const f of d.facets) {
    if (f.kind !== 'values') continue;
    out[f.code] = {};
    for (const v of f.values) if (v.count > 0) out[f.code][v.value] = v.count;
  }
  return out;
}

const nonZero = (o) => Object.fromEntries(Object.entries(o).filter(([, n]) => n > 0));

function cli(args) {
  const r = spawnSync(stack.bin, [...args, '--config', stack.config], {
    encoding: 'utf8', cwd: stack.root, env: process.env, timeout: 30000,
  });
  assert.equal(r.status, 0, `rebound ${args.join(' ')}: exit ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

const flush = async () => assert.equal(await memcached('flush_all'), 'OK');

// --- SQL over the read model ----------------------------------------------

let catId; // en-us category ids by English slug
const GRADES = ['premium', 'excellent', 'good', 'fair'];
let attrKinds = {};

// WHERE for filters f = { brand: [], grade: [], storage: [], min, max,
// attrs: { code: [values] } }, leaving out the filter named except (the
// disjunctive facet counts).
function where(market, category, f, except = null) {
  const w = [`pp.market = ${q(market)}`, `pp.category_id = ${catId[category]}`];
  if (f.brand?.length && except !== 'brand') {
    w.push(`pp.brand_id IN (SELECT id FROM brands WHERE slug IN (${f.brand.map(q).join(',')}))`);
  }
  const grades = except === 'grade' ? [] : (f.grade || []);
  if (grades.length) w.push(`(${grades.map((g) => `pp.min_price_${g} IS NOT NULL`).join(' OR ')})`);
  if (f.storage?.length && except !== 'storage') w.push(`pp.storages && ARRAY[${f.storage.join(',')}]::int[]`);
  const price = grades.length ? `LEAST(${grades.map((g) => `pp.min_price_${g}`).join(',')})` : 'pp.min_price';
  if (f.min !== undefined) w.push(`${price} >= ${f.min}`);
  if (f.max !== undefined) w.push(`${price} <= ${f.max}`);
  for (const [code, vals] of Object.entries(f.attrs || {})) {
    if (code === except) continue;
    const kind = attrKinds[code];
    if (kind === 'number') w.push(`(pp.attrs->>${q(code)})::numeric IN (${vals.join(',')})`);
    else if (kind === 'boolean') w.push(`(pp.attrs->${q(code)}) IN (${vals.map((v) => `${q(v)}::jsonb`).join(',')})`);
    else w.push(`pp.attrs->>${q(code)} IN (${vals.map(q).join(',')})`);
  }
  return { sql: w.join(' AND '), price };
}

const countOf = (market, category, f) => Number(psql(`SELECT count(*) FROM product_prices pp WHERE ${where(market, category, f).sql}`));

function sqlFacets(market, category, f, codes) {
  const out = {};
  const group = (sql) => Object.fromEntries(psqlRows(sql).map(([v, n]) => [v, Number(n)]));
  for (const code of codes) {
    const w = where(market, category, f, code).sql;
    if (code === 'brand') {
      out.brand = group(`SELECT b.slug, count(*) FROM product_prices pp JOIN brands b ON b.id = pp.brand_id WHERE ${w} GROUP BY 1`);
    } else if (code === 'grade') {
      out.grade = nonZero(Object.fromEntries(GRADES.map((g) => [g,
        Number(psql(`SELECT count(*) FROM product_prices pp WHERE ${w} AND pp.min_price_${g} IS NOT NULL`))])));
    } else if (code === 'storage') {
      out.storage = group(`SELECT s::text, count(*) FROM product_prices pp, unnest(pp.storages) s WHERE ${w} GROUP BY 1`);
    } else {
      out[code] = group(`SELECT pp.attrs->>${q(code)}, count(*) FROM product_prices pp WHERE ${w} AND pp.attrs ? ${q(code)} GROUP BY 1`);
    }
  }
  return out;
}

const qs = (f, extra = {}) => {
  const p = new URLSearchParams();
  for (const b of f.brand || []) p.append('brand', b);
  for (const g of f.grade || []) p.append('grade', g);
  for (const s of f.storage || []) p.append('storage', String(s));
  for (const [c, vs] of Object.entries(f.attrs || {})) for (const v of vs) p.append(c, String(v));
  if (f.min !== undefined) p.append('min_price', String(f.min));
  if (f.max !== undefined) p.append('max_price', String(f.max));
  for (const [k, v] of Object.entries(extra)) p.append(k, String(v));
  return p.toString();
};

// Product slugs of a category in the SQL order of a sort.
function sqlOrder(market, category, sort, f = {}) {
  const { sql, price } = where(market, category, f);
  const order = {
    popular: 'pp.popularity DESC, pp.product_id DESC',
    newest: 'pp.released_on DESC, pp.product_id DESC',
    price_asc: `${price} ASC, pp.product_id ASC`,
    price_desc: `${price} DESC, pp.product_id DESC`,
  }[sort];
  return psqlRows(`SELECT p.slug FROM product_prices pp JOIN products p ON p.id = pp.product_id WHERE ${sql} ORDER BY ${order}`).map((r) => r[0]);
}

before(() => {
  catId = Object.fromEntries(psqlRows("SELECT slug, category_id FROM category_i18n WHERE lang = 'en'").map(([s, id]) => [s, Number(id)]));
  attrKinds = Object.fromEntries(psqlRows('SELECT code, kind FROM attributes'));
  const n = Number(psql(`SELECT count(*) FROM product_prices WHERE market = ${q(M)} AND category_id = ${catId.smartphones}`));
  assert.ok(n > 100, `the demo catalog is not seeded (${n} smartphones in ${M})`);
});

// --- facets and totals -------------------------------------------------------

// A product losing its last offer, a price change, a product moving to
// smartphones: what the read model's triggers must follow.
const readModelChanges = () => `
      UPDATE offers SET status = 'paused' WHERE market = ${q(M)} AND variant_id IN (
        SELECT v.id FROM variants v WHERE v.product_id = (
          SELECT product_id FROM product_prices WHERE market = ${q(M)} ORDER BY product_id LIMIT 1));
      UPDATE offers SET price = price + 1 WHERE id = (SELECT min(id) FROM offers WHERE market = ${q(M)} AND status = 'active');
      UPDATE products SET category_id = ${catId.smartphones} WHERE id = (
        SELECT product_id FROM product_prices WHERE category_id <> ${catId.smartphones} ORDER BY product_id DESC LIMIT 1);`;

describe('facet counts and totals match SQL', () => {
  const cases = [
    { name: 'no filter', f: {} },
    { name: 'brand=apple', f: { brand: ['apple'] } },
    { name: 'brand=apple,samsung grade=fair storage=128', f: { brand: ['apple', 'samsung'], grade: ['fair'], storage: [128] } },
    { name: 'attributes os=Android dual_sim=true screen_in=6.1|6.7', f: { attrs: { os: ['Android'], dual_sim: ['true'], screen_in: ['6.1', '6.7'] } } },
  ];
  for (const c of cases) {
    test(`${M} smartphones, ${c.name}`, async () => {
      const d = await api(`/api/v1/${M}/products?${qs(c.f, { category: 'smartphones', limit: 1 })}`);
      const got = apiFacets(d);
      for (const code of ['brand', 'grade', 'storage']) assert.ok(got[code], `no ${code} facet`);
      const want = sqlFacets(M, 'smartphones', c.f, Object.keys(got));
      for (const code of Object.keys(got)) {
        assert.deepEqual(got[code], want[code], `facet ${code} (${c.name})`);
      }
      assert.equal(d.total, countOf(M, 'smartphones', c.f), `total (${c.name})`);
      // Selected values say so.
      for (const b of c.f.brand || []) {
        const v = d.facets.find((x) => x.code === 'brand').values.find((x) => x.value === b);
        assert.ok(v?.selected, `brand ${b} is not marked selected`);
      }

      // The page shows the same numbers.
      const r = await page(`/${M}/c/smartphones${c.f && qs(c.f) ? `?${qs(c.f)}` : ''}`);
      const html = htmlFacets(r.body);
      for (const code of Object.keys(got)) {
        assert.deepEqual(nonZero(html[code] || {}), got[code], `HTML facet ${code} (${c.name})`);
      }
      assert.equal(resultsCount(r.body), d.total, 'HTML results count');
    });
  }

  test('total of a combined filter with a price range', async () => {
    const f = { brand: ['apple', 'samsung', 'google'], grade: ['good', 'excellent'], storage: [128, 256], min: 20000, max: 50000 };
    const want = countOf(M, 'smartphones', f);
    assert.ok(want > 0 && want < 200, `a filter that keeps some phones (${want})`);
    const d = await api(`/api/v1/${M}/products?${qs(f, { category: 'smartphones', limit: 100 })}`);
    assert.equal(d.total, want);
    assert.equal(d.items.length, Math.min(want, 100));
    for (const it of d.items) {
      assert.ok(it.from_price.amount >= 20000 && it.from_price.amount <= 50000, `${it.slug} from ${it.from_price.amount}`);
      assert.ok(f.brand.includes(it.brand.slug), it.slug);
      // With a grade filter, "from" is the cheapest in those grades.
      const inGrades = it.grades.filter((g) => f.grade.includes(g.grade)).map((g) => g.price.amount);
      assert.equal(it.from_price.amount, Math.min(...inGrades), `${it.slug}: from price with grade filter`);
    }
    const price = d.facets.find((x) => x.code === 'price');
    assert.equal(price.selected_min, 20000);
    assert.equal(price.selected_max, 50000);
    const r = await page(`/${M}/c/smartphones?${qs(f)}`);
    assert.equal(resultsCount(r.body), want);
  });

  test('categories API product_count matches SQL', async () => {
    const d = await api(`/api/v1/${M}/categories`);
    for (const c of d.items) {
      const id = psql(`SELECT category_id FROM category_i18n WHERE lang = 'en' AND slug = ${q(c.slug)}`);
      const n = Number(psql(`SELECT count(*) FROM product_prices WHERE market = ${q(M)} AND category_id IN
        (WITH RECURSIVE t(id) AS (SELECT ${id}::int UNION ALL SELECT c.id FROM categories c JOIN t ON c.parent_id = t.id) SELECT id FROM t)`));
      assert.equal(c.product_count, n, `product_count of ${c.slug}`);
    }
  });

  // category_counts (0006) is kept by triggers on product_prices: a product
  // losing its last offer, one moving category, a price change. Rolled back.
  test('category counts follow products in and out of sale', () => {
    const mismatches = `SELECT count(*) FROM (
        (SELECT market, category_id, products FROM category_counts WHERE products <> 0
         EXCEPT SELECT market, category_id, count(*)::int FROM product_prices GROUP BY 1, 2)
        UNION ALL
        (SELECT market, category_id, count(*)::int FROM product_prices GROUP BY 1, 2
         EXCEPT SELECT market, category_id, products FROM category_counts)) x;`;
    const [[before, after, bad]] = psqlRows(`BEGIN;
      CREATE TEMP TABLE t0 ON COMMIT DROP AS
        SELECT sum(products) AS n FROM category_counts WHERE market = ${q(M)};
      ${readModelChanges()}
      SELECT (SELECT n FROM t0), (SELECT sum(products) FROM category_counts WHERE market = ${q(M)}),
             (${mismatches.replace(/;$/, '')});
      ROLLBACK;`);
    assert.equal(Number(after), Number(before) - 1, 'the paused product left its count');
    assert.equal(bad, '0', 'counts differ from product_prices');
    assert.equal(psql(mismatches), '0', 'after the rollback');
  });
});

// --- listing summaries ---------------------------------------------------------

// An unfiltered listing of one category reads its counts from
// listing_summaries (0008) and its page from the sort's index; any filter
// makes the worker count the rows instead. min_price=0 keeps every product.
describe('listing summaries', () => {
  const MARKETS = ['en-us', 'en-gb', 'fr-fr', 'de-de', 'es-es'];
  const mismatches = `SELECT count(*) FROM listing_summaries s
      FULL JOIN (SELECT DISTINCT market, category_id FROM product_prices) k USING (market, category_id)
     WHERE s.summary IS DISTINCT FROM listing_summary_text(market, category_id)`;

  test('every category in every market: the summary and its page say what the rows say', async () => {
    let compared = 0;
    await flush();
    for (const m of MARKETS) {
      for (const c of (await api(`/api/v1/${m}/categories`)).items) {
        for (const sort of SORTS) {
          const base = `/api/v1/${m}/products?category=${encodeURIComponent(c.slug)}&sort=${sort}&limit=100`;
          const a = await api(base);
          const b = await api(`${base}&min_price=0`);
          b.facets.find((f) => f.code === 'price').selected_min = null;
          assert.deepEqual(a, b, `${base}: summary and rows differ`);
          compared += a.items.length;
        }
      }
    }
    assert.ok(compared > 5000, `compared ${compared} items`);
  });

  // Proof that the test above compared two paths: a summary changed by
  // hand shows on the unfiltered listing only.
  test('an unfiltered listing reads its summary', async () => {
    const where = `market = ${q(M)} AND category_id = ${catId.smartphones}`;
    const storage = async (extra) => {
      await flush();
      const d = await api(`/api/v1/${M}/products?category=smartphones&limit=1${extra}`);
      return Object.fromEntries(d.facets.find((f) => f.code === 'storage').values.map((v) => [v.value, v.count]));
    };
    const want = await storage('');
    assert.ok(want['64'] > 0 && !want['48'], JSON.stringify(want));
    try {
      psql(`UPDATE listing_summaries SET summary = replace(summary, chr(31) || '64' || chr(31), chr(31) || '48' || chr(31))
             WHERE ${where}`);
      const got = await storage('');
      assert.equal(got['48'], want['64'], 'the summary path did not read the summary');
      assert.deepEqual(await storage('&min_price=0'), want, 'a filtered listing counts its rows');
    } finally {
      psql(`UPDATE listing_summaries SET summary = listing_summary_text(market, category_id) WHERE ${where}`);
      await flush();
    }
    assert.deepEqual(await storage(''), want);
  });

  test('pages of the summary path end where the rows end', async () => {
    const d = await api(`/api/v1/${M}/products?category=headphones&limit=1`);
    const last = Math.ceil(d.total / 24);
    const r = await page(`/${M}/c/headphones?page=${last}`);
    assert.equal(cardPaths(r.body).length, d.total - (last - 1) * 24);
    await page(`/${M}/c/headphones?page=${last + 1}`, { status: 404 });
  });

  // Products leave the read model and come back, a price moves, a product
  // changes category: every summary is recomputed. Rolled back.
  test('summaries follow product_prices', () => {
    const [[bad]] = psqlRows(`BEGIN;
      ${readModelChanges()}
      ${mismatches};
      ROLLBACK;`);
    assert.equal(bad, '0', 'summaries differ from product_prices');
    assert.equal(psql(mismatches), '0', 'after the rollback');
  });

  // Two writers change products of one category in overlapping
  // transactions: one takes whole products off sale (the category's count
  // changes too), the other only their fair-grade offers (no count
  // changes, only the summary's grade counts and price range).
  test('concurrent writers leave every summary right', async () => {
    const products = psqlRows(`SELECT product_id FROM product_prices WHERE market = ${q(M)}
        AND category_id = ${catId.smartphones} AND min_price_fair IS NOT NULL AND min_price_good IS NOT NULL
        ORDER BY product_id LIMIT 16`).map(([id]) => id);
    assert.equal(products.length, 16);
    const offers = psqlRows(`SELECT o.id FROM offers o JOIN variants v ON v.id = o.variant_id
        WHERE o.market = ${q(M)} AND o.status = 'active' AND v.product_id IN (${products.join(',')})`).map(([id]) => id);
    const before = psql(`SELECT summary FROM listing_summaries WHERE market = ${q(M)} AND category_id = ${catId.smartphones}`);
    const writer = (ids, grade) => ids.map((id) => `BEGIN;
      UPDATE offers SET status = 'paused' WHERE market = ${q(M)} AND ${grade ? `grade = ${q(grade)} AND ` : ''}
             variant_id IN (SELECT id FROM variants WHERE product_id = ${id});
      SELECT pg_sleep(0.02);
      COMMIT;`).join('\n');
    try {
      const codes = await Promise.all([psqlBackground(writer(products.slice(0, 8))),
        psqlBackground(writer(products.slice(8), 'fair'))]);
      assert.deepEqual(codes, [0, 0]);
      assert.equal(psql(mismatches), '0', 'summaries differ from product_prices');
      const n = psql(`SELECT count(*) FROM product_prices WHERE market = ${q(M)} AND category_id = ${catId.smartphones}`);
      await flush();
      const d = await api(`/api/v1/${M}/products?category=smartphones&limit=1`);
      assert.equal(d.total, Number(n));
    } finally {
      psql(`UPDATE offers SET status = 'active' WHERE id IN (${offers.join(',')})`);
    }
    assert.equal(psql(mismatches), '0', 'after the products came back');
    assert.equal(psql(`SELECT summary FROM listing_summaries WHERE market = ${q(M)} AND category_id = ${catId.smartphones}`), before);
  });
});

// --- pagination --------------------------------------------------------------

const SORTS = ['popular', 'price_asc', 'price_desc', 'newest'];

async function walkCursor(base, cursor = null) {
  const slugs = [];
  const items = [];
  for (let i = 0; i < 200; i++) {
    const d = await api(`${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    slugs.push(...d.items.map((x) => x.slug));
    items.push(...d.items);
    if (!d.next_cursor) {
      return { slugs, items, total: d.total };
    }
    assert.ok(d.items.length > 0, 'a next_cursor after an empty page');
    cursor = d.next_cursor;
  }
  throw new Error(`${base}: more than 200 pages`);
}

function assertSameSequence(got, want, what) {
  const dup = got.filter((s, i) => got.indexOf(s) !== i);
  assert.deepEqual(dup, [], `${what}: repeated items`);
  const missing = want.filter((s) => !got.includes(s));
  assert.deepEqual(missing, [], `${what}: skipped items`);
  const extra = got.filter((s) => !want.includes(s));
  assert.deepEqual(extra, [], `${what}: items SQL does not list`);
  const i = got.findIndex((s, k) => s !== want[k]);
  assert.equal(i, -1, `${what}: order differs from SQL at ${i}: ${got.slice(i, i + 3)} vs ${want.slice(i, i + 3)}`);
}

describe('pagination never repeats or skips', () => {
  for (const sort of SORTS) {
    test(`API cursors, ${M} smartphones, sort=${sort}, limit=100`, async () => {
      const { slugs, items, total } = await walkCursor(`/api/v1/${M}/products?category=smartphones&sort=${sort}&limit=100`);
      const want = sqlOrder(M, 'smartphones', sort);
      assert.equal(total, want.length);
      assertSameSequence(slugs, want, `smartphones ${sort}`);
      if (sort === 'price_asc' || sort === 'price_desc') {
        for (let i = 1; i < items.length; i++) {
          const a = items[i - 1].from_price.amount, b = items[i].from_price.amount;
          assert.ok(sort === 'price_asc' ? a <= b : a >= b, `${sort}: ${items[i - 1].slug} ${a} then ${items[i].slug} ${b}`);
        }
      }
    });

    test(`API cursors, ${M} headphones, sort=${sort}, limit=9 (page boundaries in ties)`, async () => {
      const { slugs } = await walkCursor(`/api/v1/${M}/products?category=headphones&sort=${sort}&limit=9`);
      assertSameSequence(slugs, sqlOrder(M, 'headphones', sort), `headphones ${sort}`);
    });

    test(`HTML pages, ${M} headphones, sort=${sort}`, async () => {
      const want = sqlOrder(M, 'headphones', sort);
      const pages = Math.ceil(want.length / 24);
      assert.ok(pages >= 3, `headphones has ${want.length} products`);
      const got = [];
      for (let p = 1; p <= pages; p++) {
        const params = new URLSearchParams();
        if (sort !== 'popular') params.set('sort', sort);
        if (p > 1) params.set('page', String(p));
        const r = await page(`/${M}/c/headphones${params.size ? `?${params}` : ''}`);
        const cards = cardPaths(r.body);
        assert.equal(cards.length, p < pages ? 24 : want.length - 24 * (pages - 1), `cards on page ${p}`);
        got.push(...cards.map((h) => h.replace(`/${M}/p/`, '')));
        // The pagination links to the next page while there is one.
        const next = /<a\b[^>]*rel="next"[^>]*>/.exec(r.body);
        if (p < pages) assert.ok(next && attrs(next[0]).href.includes(`page=${p + 1}`), `page ${p}: no rel=next to ${p + 1}`);
        else assert.equal(next, null, 'the last page links to a next one');
      }
      assertSameSequence(got, want, `headphones HTML ${sort}`);
    });
  }

  test('a grade filter sorts by the price in those grades', async () => {
    const f = { grade: ['fair'] };
    const { slugs, items } = await walkCursor(`/api/v1/${M}/products?${qs(f, { category: 'smartphones', sort: 'price_asc', limit: 100 })}`);
    assertSameSequence(slugs, sqlOrder(M, 'smartphones', 'price_asc', f), 'smartphones grade=fair price_asc');
    for (const it of items) {
      assert.equal(it.from_price.amount, it.grades.find((g) => g.grade === 'fair').price.amount, `${it.slug}: from = fair price`);
    }
  });

  test('the API page parameter agrees with the cursors', async () => {
    const a = await api(`/api/v1/${M}/products?category=headphones&sort=newest&limit=10&page=2`);
    const want = sqlOrder(M, 'headphones', 'newest').slice(10, 20);
    assert.deepEqual(a.items.map((x) => x.slug), want);
    assert.equal(a.page, 2);
    assert.equal(a.pages, Math.ceil(a.total / 10));
  });

  test('a page past the last is not an empty 200', async () => {
    const d = await api(`/api/v1/${M}/products?category=headphones&limit=24`);
    const r = await get(`/${M}/c/headphones?page=${d.pages + 1}`);
    assert.equal(r.status, 404, `page ${d.pages + 1} of ${d.pages}: ${r.status}, ${cardPaths(r.body).length} cards`);
  });
});

// --- product page ------------------------------------------------------------

describe('product page against SQL', () => {
  // Live offers of one variant in a market: the ranking the page states.
  const liveOffers = (sku, market = M) => psqlRows(`
    SELECT o.id, o.grade, o.price, s.quality_score FROM offers o
    JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id JOIN sellers s ON s.id = o.seller_id
    WHERE v.sku = ${q(sku)} AND o.market = ${q(market)} AND o.status = 'active' AND o.stock > 0
      AND s.status = 'approved' AND v.active AND p.active
    ORDER BY o.price, s.quality_score DESC, o.id`).map(([id, grade, price, qs]) => ({ id: Number(id), grade, price: Number(price), qs: Number(qs) }));

  // Products with the most offers in en-us, and a variant with several.
  let sample;
  before(() => {
    sample = psqlRows(`
      SELECT p.slug, v.sku FROM offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
      JOIN sellers s ON s.id = o.seller_id
      WHERE o.market = ${q(M)} AND o.status = 'active' AND o.stock > 0 AND s.status = 'approved' AND v.active AND p.active
      GROUP BY 1, 2 HAVING count(DISTINCT o.grade) >= 3 ORDER BY count(*) DESC, 2 LIMIT 12`);
    assert.ok(sample.length >= 5, 'too few variants with offers in several grades');
  });

  test('offers: every live offer of the variant, in price order', async () => {
    for (const [slug, sku] of sample) {
      const d = await api(`/api/v1/${M}/products/${slug}?variant=${sku}`);
      assert.equal(d.selected_sku, sku);
      const want = liveOffers(sku);
      assert.deepEqual(d.offers.map((o) => o.id).sort((a, b) => a - b), want.map((o) => o.id).sort((a, b) => a - b), `${sku}: the set of offers`);
      const prices = d.offers.map((o) => o.price.amount);
      assert.deepEqual(prices, [...prices].sort((a, b) => a - b), `${sku}: offers not in price order: ${d.offers.map((o) => `${o.grade} ${o.price.amount}`).join(', ')}`);
    }
  });

  test('best offer per grade: lowest price, ties to the better seller', async () => {
    for (const [slug, sku] of sample) {
      const d = await api(`/api/v1/${M}/products/${slug}?variant=${sku}`);
      const want = liveOffers(sku);
      assert.deepEqual(d.grades.map((g) => g.grade), GRADES, 'grades, best first');
      for (const g of d.grades) {
        const mine = want.filter((o) => o.grade === g.grade);
        assert.equal(g.offer_count, mine.length, `${sku} ${g.grade}: offer_count`);
        if (mine.length === 0) {
          assert.equal(g.best_offer, null, `${sku} ${g.grade}`);
          continue;
        }
        assert.equal(g.best_offer.price.amount, mine[0].price, `${sku} ${g.grade}: best price`);
        const tied = mine.filter((o) => o.price === mine[0].price);
        const bestQs = Math.max(...tied.map((o) => o.qs));
        assert.equal(g.best_offer.seller.quality_score, bestQs, `${sku} ${g.grade}: tie to the better seller`);
      }
      // The variant's "from" price is its cheapest live offer.
      const v = d.variants.find((x) => x.sku === sku);
      assert.equal(v.selected, true);
      assert.equal(v.from_price.amount, want[0].price, `${sku}: from price`);
    }
  });

  test('variant links on the page match the API', async () => {
    const [slug] = sample[0];
    const d = await api(`/api/v1/${M}/products/${slug}`);
    const r = await page(`/${M}/p/${slug}`);
    const skus = [...r.body.matchAll(/<a\b[^>]*\bclass="variant\b[^"]*"[^>]*>/g)].map((m) => attrs(m[0])['data-sku']);
    assert.deepEqual(skus, d.variants.map((v) => v.sku));
    for (const v of d.variants) {
      const rv = await get(`/${M}/p/${slug}?variant=${encodeURIComponent(v.sku)}`);
      assert.equal(rv.status, 200, v.sku);
      assert.match(rv.body, new RegExp(`class="variant is-selected"[^>]*data-sku="${v.sku}"`), `${v.sku} selected`);
    }
  });
});

// --- errors ------------------------------------------------------------------

describe('bad input is a 4xx, never a 5xx', () => {
  const notFound = [
    `/${M}/c/no-such-category`, `/${M}/p/no-such-product`, `/${M}/p/apple-iphone-13?variant=NOPE-00`,
    '/xx-xx/c/smartphones', '/xx-xx/', '/xx-xx/search?q=iphone', '/xx-xx/p/apple-iphone-13',
    `/api/v1/${M}/products/no-such-product`, `/api/v1/${M}/products/apple-iphone-13?variant=NOPE-00`,
    '/api/v1/xx-xx/products', '/api/v1/xx-xx/categories', '/api/v1/xx-xx/products/apple-iphone-13',
    '/api/v1/xx-xx/search?q=iphone',
  ];
  for (const u of notFound) {
    test(`404 ${u}`, async () => {
      const r = await get(u);
      assert.equal(r.status, 404, `${u}: ${r.status}`);
      if (u.startsWith('/api/')) {
        assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
        assert.equal(JSON.parse(r.body).status, 404);
      }
    });
  }

  test('404 for a variant of another product', async () => {
    const sku = psql(`SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id WHERE p.slug <> 'apple-iphone-13' LIMIT 1`);
    for (const u of [`/${M}/p/apple-iphone-13?variant=${sku}`, `/api/v1/${M}/products/apple-iphone-13?variant=${sku}`]) {
      assert.equal((await get(u)).status, 404, u);
    }
  });

  const bad = [
    'brand=no-such-brand', 'grade=mint', 'storage=abc', 'storage=-64', 'sort=bogus', 'sort=relevance', 'page=0', 'page=-1',
    'page=99999', 'page=1.5', 'min_price=500&max_price=100', 'min_price=-1', 'max_price=12.50',
    'min_price=99999999999999999999', 'sort=newest&sort=price_asc', 'zzz%20=1', 'foo=bar', 'Brand=apple',
    'brand=%00', 'brand=%ff', 'os=%ff', 'screen_in=abc', 'dual_sim=maybe', 'battery_mah=1',
    'q=iphone', 'limit=10', 'cursor=abc',
  ];
  for (const b of bad) {
    test(`400 /${M}/c/smartphones?${b}`, async () => {
      const r = await get(`/${M}/c/smartphones?${b}`);
      assert.equal(r.status, 400, `?${b}: ${r.status}`);
    });
  }

  const badApi = [
    'limit=0', 'limit=101', 'limit=-1', 'limit=abc', 'cursor=garbage', 'cursor=%00', 'cursor=' + 'A'.repeat(500),
    'category=no-such-category', 'brand=no-such-brand', 'grade=mint', 'sort=bogus', 'foo=bar',
    'min_price=500&max_price=100', 'q=' + 'a'.repeat(201),
  ];
  for (const b of badApi) {
    test(`400 /api/v1/${M}/products?${b.slice(0, 60)}`, async () => {
      const r = await get(`/api/v1/${M}/products?category=smartphones&${b}`.replace('category=smartphones&category=', 'category='));
      assert.equal(r.status, 400, `?${b.slice(0, 60)}: ${r.status}`);
      assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
      const p = JSON.parse(r.body);
      assert.equal(p.status, 400);
      assert.ok(p.title, 'a problem title');
    });
  }

  test('400 for a cursor of another sort', async () => {
    const d = await api(`/api/v1/${M}/products?category=smartphones&sort=price_asc&limit=5`);
    assert.ok(d.next_cursor);
    const c = encodeURIComponent(d.next_cursor);
    for (const s of ['', '&sort=popular', '&sort=price_desc', '&sort=newest']) {
      const r = await get(`/api/v1/${M}/products?category=smartphones&cursor=${c}${s}`);
      assert.equal(r.status, 400, `price_asc cursor with ${s || 'the default sort'}: ${r.status}`);
    }
    assert.equal((await get(`/api/v1/${M}/products?category=smartphones&sort=price_asc&cursor=${c}`)).status, 200);
  });

  test('search: q required, 1..200 bytes', async () => {
    for (const u of [`/api/v1/${M}/search`, `/api/v1/${M}/search?q=`, `/api/v1/${M}/search?q=${'a'.repeat(201)}`,
      `/${M}/search?q=`, `/${M}/search?q=%ff`, `/${M}/search?q=a%00b`, `/${M}/search?q=x&q=y`]) {
      const r = await get(u);
      assert.equal(r.status, 400, `${u.slice(0, 80)}: ${r.status}`);
    }
    assert.equal((await get(`/api/v1/${M}/search?q=${'a'.repeat(200)}`)).status, 200);
  });

  test('unknown parameters on the product page', async () => {
    for (const u of [`/${M}/p/apple-iphone-13?foo=bar`, `/${M}/p/apple-iphone-13?zzz%20=1`,
      `/api/v1/${M}/products/apple-iphone-13?foo=bar`]) {
      const r = await get(u);
      assert.equal(r.status, 400, `${u}: ${r.status}`);
    }
  });

  test('hostile values: long, NUL, invalid UTF-8, many parameters', async () => {
    const urls = [
      `/${M}/c/smartphones?brand=${'a'.repeat(5000)}`,
      `/${M}/c/smartphones?os=${'x'.repeat(3000)}`,
      `/${M}/c/smartphones?${'a'.repeat(3000)}=1`,
      `/${M}/search?q=${'a'.repeat(20000)}`,
      `/${M}/c/smartphones?${Array.from({ length: 10000 }, (_, i) => `os=x${i}`).join('&')}`,
      `/${M}/c/smartphones?${Array.from({ length: 300 }, (_, i) => `a${i}=1`).join('&')}`,
      `/${M}/c/smartphones?${Array.from({ length: 40 }, (_, i) => `storage=${i + 1}`).join('&')}`,
      `/${M}/c/smartphones?${Array.from({ length: 40 }, (_, i) => `brand=b${i}`).join('&')}`,
      `/${M}/c/smartphones?%00=1`, `/${M}/c/smartphones?os=a%00b`, `/${M}/c/smartphones?%ff%fe=1`,
      `/${M}/c/smartphones?os=%c0%af`, `/${M}/c/smartphones?os=%ed%a0%80`, `/${M}/c/smartphones?os=%0d%0aX-Injected:%201`,
      `/${M}/c/smartphones?page=%00`, `/${M}/c/smartphones?sort=%ff`, `/${M}/c/sm%ffartphones`, `/${M}/p/%00`,
      `/${M}/p/${'a'.repeat(4000)}`, `/${M}/c/${'a'.repeat(4000)}`, `/${M}/p/apple-iphone-13?variant=%ff`,
      `/${M}/p/apple-iphone-13?variant=${'A'.repeat(3000)}`,
      `/api/v1/${M}/products?cursor=%ff`, `/api/v1/${M}/products/apple-iphone-13?variant=%00`,
      `/api/v1/${M}/search?q=%ff%fe`, `/api/v1/${M}/products?q=${encodeURIComponent("'; drop table x;-- !&|:*( <-> \\")}`,
      `/api/v1/${M}/products?${Array.from({ length: 17 }, (_, i) => `a${i}=1`).join('&')}`,
    ];
    for (const u of urls) {
      const r = await get(u);
      assert.ok(r.status >= 200 && r.status < 500, `${u.slice(0, 100)}: ${r.status}`);
      assert.ok(r.status !== 200 || !/X-Injected/i.test([...r.headers.keys()].join()), 'header injection');
    }
    // Text that means something to SQL or tsquery is just text.
    const d = await api(`/api/v1/${M}/search?q=${encodeURIComponent("iphone' OR 1=1 -- & | ! :*")}`);
    assert.equal(typeof d.total, 'number');
  });

  test('campaign tags are ignored', async () => {
    const a = await api(`/api/v1/${M}/products?category=smartphones&limit=3&utm_source=news&utm_campaign=x`);
    const b = await api(`/api/v1/${M}/products?category=smartphones&limit=3`);
    assert.deepEqual(a.items.map((x) => x.slug), b.items.map((x) => x.slug));
    const r = await page(`/${M}/c/smartphones?utm_source=news`);
    const canonical = linkTags(r.body).find((l) => l.rel === 'canonical');
    assert.ok(!canonical.href.includes('utm_'), canonical.href);
  });
});

// --- cache invalidation ----------------------------------------------------------

describe('an offer change shows at the next request', () => {
  let offer; // { id, price, stock, status, grade, sku, slug }
  let restored = false;

  before(() => {
    // The only best offer of its grade for its variant, on an Apple phone
    // that is not among the 24 cheapest phones.
    const live = (o) => `${o}.status = 'active' AND ${o}.stock > 0 AND ${o}.market = ${q(M)}`;
    const rows = psqlRows(`
      SELECT o.id, o.price, o.stock, o.status, o.grade, v.sku, p.slug
      FROM offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
      JOIN sellers s ON s.id = o.seller_id JOIN brands b ON b.id = p.brand_id
      JOIN product_prices pp ON pp.product_id = p.id AND pp.market = ${q(M)}
      WHERE ${live('o')} AND s.status = 'approved' AND v.active AND p.active AND b.slug = 'apple'
        AND pp.category_id = ${catId.smartphones} AND pp.min_price > 20000
        AND o.price = (SELECT min(o2.price) FROM offers o2 JOIN sellers s2 ON s2.id = o2.seller_id
                       WHERE o2.variant_id = o.variant_id AND o2.grade = o.grade AND ${live('o2')} AND s2.status = 'approved')
        AND (SELECT count(*) FROM offers o3 WHERE o3.variant_id = o.variant_id AND o3.grade = o.grade AND o3.price = o.price AND ${live('o3')}) = 1
      ORDER BY pp.popularity DESC, o.id LIMIT 1`);
    assert.equal(rows.length, 1, 'no suitable offer in the demo data');
    const [id, price, stock, status, grade, sku, slug] = rows[0];
    offer = { id, price: Number(price), stock: Number(stock), status, grade, sku, slug };
  });

  after(() => {
    if (offer && !restored) cli(['offer', 'update', offer.id, '--price', String(offer.price), '--status', offer.status]);
  });

  test('price, then pause, then restore', async () => {
    const NEW = 1234;
    const urls = {
      list: `/${M}/c/smartphones?brand=apple&sort=price_asc`,
      apiList: `/api/v1/${M}/products?category=smartphones&brand=apple&sort=price_asc&limit=5`,
      product: `/${M}/p/${offer.slug}?variant=${offer.sku}`,
      apiProduct: `/api/v1/${M}/products/${offer.slug}?variant=${offer.sku}`,
    };
    // Warm every cache, twice, and check the starting state.
    for (let i = 0; i < 2; i++) for (const u of Object.values(urls)) await page(u);
    let p = await api(urls.apiProduct);
    assert.equal(p.grades.find((g) => g.grade === offer.grade).best_offer?.id, Number(offer.id));
    assert.ok(!(await page(urls.list)).body.includes('$12.34'));

    // A page-1 cursor of the cheapest phones, taken before the change.
    const before1 = await api(`/api/v1/${M}/products?category=smartphones&sort=price_asc&limit=24`);
    assert.ok(!before1.items.some((x) => x.slug === offer.slug), 'the product starts beyond page 1');

    try {
      cli(['offer', 'update', offer.id, '--price', String(NEW)]);
      assert.equal(psql(`SELECT price FROM offers WHERE id = ${offer.id}`), String(NEW));

      const list = await page(urls.list);
      const first = cardPaths(list.body)[0];
      assert.equal(first, `/${M}/p/${offer.slug}`, 'the product leads the cheapest-first listing');
      assert.match(list.body, /from <strong>\$12\.34<\/strong>/, 'listing card shows the new price');

      const al = await api(urls.apiList);
      assert.equal(al.items[0].slug, offer.slug);
      assert.equal(al.items[0].from_price.amount, NEW);
      assert.equal(al.items[0].from_price.formatted, '$12.34');

      const pr = await page(urls.product);
      assert.ok(pr.body.includes('$12.34'), 'product page shows the new price');

      p = await api(urls.apiProduct);
      const g = p.grades.find((x) => x.grade === offer.grade);
      assert.equal(g.best_offer.id, Number(offer.id));
      assert.equal(g.best_offer.price.amount, NEW);
      assert.equal(p.offers.find((o) => o.id === Number(offer.id)).price.amount, NEW);

      // Keyset: walking on from the old cursor neither repeats nor skips
      // an unchanged phone (the changed one moved before the cursor).
      const rest = await walkCursor(`/api/v1/${M}/products?category=smartphones&sort=price_asc&limit=24`, before1.next_cursor);
      const seen = [...before1.items.map((x) => x.slug), ...rest.slugs];
      const dup = seen.filter((s, i) => seen.indexOf(s) !== i);
      assert.deepEqual(dup, [], 'repeated after a price change');
      const all = sqlOrder(M, 'smartphones', 'price_asc').filter((s) => s !== offer.slug);
      assert.deepEqual(all.filter((s) => !seen.includes(s)), [], 'skipped after a price change');

      // Paused: gone from the product's offers.
      cli(['offer', 'update', offer.id, '--status', 'paused']);
      p = await api(urls.apiProduct);
      assert.ok(!p.offers.some((o) => o.id === Number(offer.id)), 'a paused offer is still listed');
      assert.notEqual(p.grades.find((x) => x.grade === offer.grade).best_offer?.id, Number(offer.id));
      assert.ok(!(await page(urls.list)).body.includes('$12.34'), 'listing still shows the paused offer');
    } finally {
      cli(['offer', 'update', offer.id, '--price', String(offer.price), '--status', offer.status]);
      restored = true;
    }
    p = await api(urls.apiProduct);
    const g = p.grades.find((x) => x.grade === offer.grade);
    assert.equal(g.best_offer.id, Number(offer.id));
    assert.equal(g.best_offer.price.amount, offer.price);
    assert.ok(!(await page(urls.product)).body.includes('$12.34'));
    assert.ok(!(await page(urls.list)).body.includes('$12.34'));
  });
});

// --- search ---------------------------------------------------------------------

describe('search', () => {
  test('"iphnoe 13" finds the iPhone 13', async () => {
    const d = await api(`/api/v1/${M}/search?q=${encodeURIComponent('iphnoe 13')}`);
    assert.equal(d.query, 'iphnoe 13');
    assert.equal(d.corrected_query, 'iphone 13');
    assert.ok(d.items.some((x) => x.slug === 'apple-iphone-13'), d.items.map((x) => x.slug).join());
    const r = await page(`/${M}/search?q=iphnoe+13`);
    assert.ok(cardPaths(r.body).includes(`/${M}/p/apple-iphone-13`));
    assert.match(r.body, /iphone 13/);
    assert.match(r.headers.get('cache-control'), /public/);
  });

  test('"galxy" finds Samsung Galaxy models', async () => {
    const d = await api(`/api/v1/${M}/search?q=galxy`);
    assert.equal(d.corrected_query, 'galaxy');
    assert.ok(d.total > 0);
    assert.ok(d.items.every((x) => x.brand.slug === 'samsung' && /Galaxy/.test(x.name)), d.items.map((x) => x.name).join());
  });

  test('one hit says "1 model", in every language', async () => {
    const d = await api(`/api/v1/${M}/search?q=${encodeURIComponent('iphone 13 mini')}`);
    assert.equal(d.total, 1, 'the demo data has one iPhone 13 mini');
    const want = { 'en-us': '1 model', 'fr-fr': '1 modèle', 'de-de': '1 Modell', 'es-es': '1 modelo' };
    for (const [m, text] of Object.entries(want)) {
      const r = await page(`/${m}/search?q=iphone+13+mini`);
      assert.match(r.body, new RegExp(`class="results-count">${text}<`), m);
    }
    const two = await page(`/${M}/search?q=iphone`);
    assert.match(two.body, /class="results-count">\d+ models</);
  });

  test('an exact search is not corrected', async () => {
    const d = await api(`/api/v1/${M}/search?q=iphone`);
    assert.equal(d.corrected_query, null);
    assert.ok(d.items.length > 0 && d.items.every((x) => x.brand.slug === 'apple'));
  });

  test('nonsense finds nothing, with a 200', async () => {
    const d = await api(`/api/v1/${M}/search?q=zzqxqzv`);
    assert.equal(d.total, 0);
    assert.deepEqual(d.items, []);
    assert.equal(d.next_cursor, null);
    const r = await page(`/${M}/search?q=zzqxqzv`);
    assert.match(r.body, /No device matches/);
    assert.equal(cardPaths(r.body).length, 0);
  });

  test('fr-fr: accents and case do not matter ("ecouteurs")', async () => {
    const totals = [];
    for (const word of ['ecouteurs', 'écouteurs', 'ÉCOUTEURS']) {
      const d = await api(`/api/v1/fr-fr/search?q=${encodeURIComponent(word)}`);
      assert.ok(d.total > 0, `${word}: nothing found`);
      assert.equal(d.corrected_query, null, word);
      assert.ok(d.items.every((x) => x.category.slug === 'casques-et-ecouteurs'), `${word}: ${d.items.map((x) => x.category.slug)}`);
      totals.push(d.total);
    }
    assert.equal(new Set(totals).size, 1, `totals differ: ${totals}`);
    const r = await page(`/fr-fr/search?q=ecouteurs`);
    assert.ok(cardPaths(r.body).length > 0);
  });

  test('search facets count the search results', async () => {
    const d = await api(`/api/v1/${M}/search?q=iphone&limit=100`);
    const brand = d.facets.find((f) => f.code === 'brand');
    assert.deepEqual(brand.values.filter((v) => v.count > 0).map((v) => [v.value, v.count]), [['apple', d.total]]);
  });
});

// --- query budget ------------------------------------------------------------------

describe('rebound offer update refuses bad input', () => {
  test('a bad price, stock, status or id exits non-zero and changes nothing', () => {
    const [id] = psqlRows("SELECT id FROM offers ORDER BY id LIMIT 1")[0];
    const row = () => psqlRows(`SELECT price, stock, status, updated_at FROM offers WHERE id = ${id}`)[0];
    const was = row();
    for (const args of [
      ['--price', '0'], ['--price', '-5'], ['--price', '12.50'], ['--price', '99999999999'],
      ['--stock', '-1'], ['--stock', 'x'], ['--status', 'sold'], ['--price'], ['--bogus', '1'],
    ]) {
      const r = spawnSync(stack.bin, ['offer', 'update', id, ...args, '--config', stack.config], { encoding: 'utf8' });
      assert.notEqual(r.status, 0, `offer update ${args.join(' ')} was accepted`);
    }
    for (const bad of ['0', '-1', 'abc', '999999999999']) {
      const r = spawnSync(stack.bin, ['offer', 'update', bad, '--price', '100', '--config', stack.config], { encoding: 'utf8' });
      assert.notEqual(r.status, 0, `offer update ${bad} was accepted`);
    }
    assert.deepEqual(row(), was);
  });
});

describe('query budget', () => {
  const pages = [
    `/${M}/`, `/${M}/c/smartphones`, `/${M}/c/smartphones?brand=apple&grade=good&sort=price_asc&page=2`,
    `/${M}/p/apple-iphone-13`, `/${M}/search?q=iphone`, `/${M}/search?q=iphnoe+13`,
    '/fr-fr/c/casques-et-ecouteurs', `/api/v1/${M}/products?category=smartphones`,
    `/api/v1/${M}/products/apple-iphone-13`, `/api/v1/${M}/search?q=galxy`, `/api/v1/${M}/categories`,
  ];
  test('at most 5 statements cold, none warm (anonymous)', async () => {
    await flush();
    const cold = {};
    for (const u of pages) {
      const r = await page(u);
      cold[u] = queries(r);
    }
    for (const u of pages) assert.ok(cold[u] <= 5, `${u}: ${cold[u]} queries cold`);
    assert.ok(Object.values(cold).some((n) => n > 0), 'a flushed cache cost no query: was it flushed?');
    for (const u of pages) {
      const r = await page(u);
      assert.equal(queries(r), 0, `${u}: warm repeat ran queries`);
    }
  });
});

// --- SEO ----------------------------------------------------------------------------

describe('SEO', () => {
  test('canonical and hreflang alternates with translated slugs', async () => {
    const markets = psqlRows('SELECT code FROM markets ORDER BY code').map((r) => r[0]);
    const slugOf = Object.fromEntries(psqlRows(`SELECT lang, slug FROM category_i18n WHERE category_id = ${catId.headphones}`));
    const fr = slugOf.fr;
    assert.notEqual(fr, 'headphones');
    const r = await page(`/fr-fr/c/${fr}`);
    const links = linkTags(r.body);
    const canonical = links.filter((l) => l.rel === 'canonical');
    assert.equal(canonical.length, 1);
    assert.match(canonical[0].href, new RegExp(`^https?://[^/]+/fr-fr/c/${fr}$`));
    const alt = Object.fromEntries(links.filter((l) => l.rel === 'alternate' && l.hreflang).map((l) => [l.hreflang, new URL(l.href).pathname]));
    for (const m of markets) assert.equal(alt[m], `/${m}/c/${slugOf[m.slice(0, 2)]}`, `hreflang ${m}`);
    assert.equal(alt['en-us'], '/en-us/c/headphones');
    assert.equal(alt['de-de'], `/de-de/c/${slugOf.de}`);
    // Each alternate exists.
    for (const p of Object.values(alt)) assert.equal((await get(p)).status, 200, p);

    const s = await page('/fr-fr/c/smartphones');
    const salt = Object.fromEntries(linkTags(s.body).filter((l) => l.rel === 'alternate' && l.hreflang).map((l) => [l.hreflang, new URL(l.href).pathname]));
    assert.equal(salt['en-us'], '/en-us/c/smartphones');
    assert.equal(salt['de-de'], `/de-de/c/${psql(`SELECT slug FROM category_i18n WHERE category_id = ${catId.smartphones} AND lang = 'de'`)}`);
  });

  test('filters and sorts canonicalise to the category, pages keep their number', async () => {
    const canon = async (u) => new URL(linkTags((await page(u)).body).find((l) => l.rel === 'canonical').href);
    let c = await canon(`/${M}/c/smartphones?grade=good&brand=apple`);
    assert.equal(c.pathname + c.search, `/${M}/c/smartphones`);
    c = await canon(`/${M}/c/smartphones?sort=price_asc&page=2`);
    assert.equal(c.pathname, `/${M}/c/smartphones`);
    assert.equal(c.searchParams.get('page'), '2');
    c = await canon(`/${M}/p/apple-iphone-13?variant=${psql("SELECT sku FROM variants v JOIN products p ON p.id = v.product_id WHERE p.slug = 'apple-iphone-13' ORDER BY sku LIMIT 1")}`);
    assert.equal(c.pathname, `/${M}/p/apple-iphone-13`);
  });

  test('search pages are noindex', async () => {
    const r = await page(`/${M}/search?q=iphone`);
    assert.match(r.body, /<meta\b[^>]*name="robots"[^>]*content="[^"]*noindex/);
  });

  test('JSON-LD Product with an AggregateOffer', async () => {
    const r = await page(`/${M}/p/apple-iphone-13`);
    const blocks = [...r.body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
    const prod = blocks.find((b) => b['@type'] === 'Product');
    assert.ok(prod, 'no Product JSON-LD');
    assert.equal(prod.name, 'Apple iPhone 13');
    const o = prod.offers;
    assert.equal(o['@type'], 'AggregateOffer');
    assert.equal(o.priceCurrency, 'USD');
    const d = await api(`/api/v1/${M}/products/apple-iphone-13`);
    assert.equal(prod.sku, d.selected_sku);
    assert.equal(Number(o.offerCount), d.offers.length);
    const amounts = d.offers.map((x) => x.price.amount);
    assert.equal(String(o.lowPrice), (Math.min(...amounts) / 100).toFixed(2));
    assert.equal(String(o.highPrice), (Math.max(...amounts) / 100).toFixed(2));
  });

  test('sitemap.xml is well-formed and lists every product with an offer', async () => {
    for (const m of [M, 'fr-fr']) {
      const r = await page(`/${m}/sitemap.xml`);
      assert.match(r.headers.get('content-type'), /xml/);
      execFileSync('xmllint', ['--noout', '-'], { input: r.body, stdio: ['pipe', 'ignore', 'pipe'] });
      const locs = [...r.body.matchAll(/<loc>([^<]*)<\/loc>/g)].map((x) => new URL(unescapeHtml(x[1])).pathname);
      const products = locs.filter((p) => p.startsWith(`/${m}/p/`)).map((p) => p.slice(`/${m}/p/`.length)).sort();
      const want = psqlRows(`SELECT p.slug FROM product_prices pp JOIN products p ON p.id = pp.product_id WHERE pp.market = ${q(m)} ORDER BY 1`).map((x) => x[0]).sort();
      assert.deepEqual(products, want, `${m}: product URLs`);
      const cats = psqlRows(`SELECT slug FROM category_i18n WHERE lang = ${q(m.slice(0, 2))} AND category_id IN (SELECT DISTINCT category_id FROM product_prices WHERE market = ${q(m)})`).map((x) => `/${m}/c/${x[0]}`);
      for (const c of cats) assert.ok(locs.includes(c), `${m}: ${c} missing`);
      assert.equal(new Set(locs).size, locs.length, 'a URL listed twice');
    }
  });

  test('robots.txt lists the five sitemaps', async () => {
    const r = await page('/robots.txt');
    const maps = [...r.body.matchAll(/^Sitemap:\s*(\S+)\s*$/gim)].map((m) => new URL(m[1]).pathname).sort();
    assert.deepEqual(maps, ['de-de', 'en-gb', 'en-us', 'es-es', 'fr-fr'].map((m) => `/${m}/sitemap.xml`));
    assert.match(r.body, /^User-agent: \*/m);
  });
});

// --- escaping ------------------------------------------------------------------------

// Catalog text comes from sellers and admins (names, keywords): markup in
// it must reach every page as text, never as markup, including inside the
// JSON-LD <script> and the chart's SVG. Restored (and the cache flushed)
// whatever happens.
describe('catalog text is escaped wherever it shows', () => {
  const EVIL = 'Zxqevil </script><script>alert(1)</script><b>&"\'';
  let product; // { id, slug, name, seller, sellerName }

  before(async () => {
    const [[id, slug, name, seller, sellerName]] = psqlRows(`
      SELECT p.id, p.slug, p.name, s.id, s.name FROM product_prices pp
        JOIN products p ON p.id = pp.product_id
        JOIN variants v ON v.product_id = p.id
        JOIN offers o ON o.variant_id = v.id AND o.market = ${q(M)} AND o.status = 'active' AND o.stock > 0
        JOIN sellers s ON s.id = o.seller_id AND s.status = 'approved'
       WHERE pp.market = ${q(M)} ORDER BY pp.popularity, p.id, o.price LIMIT 1`);
    product = { id, slug, name, seller, sellerName };
    psql(`UPDATE products SET name = ${q(EVIL)} WHERE id = ${id}`);
    psql(`UPDATE sellers SET name = ${q(EVIL.slice(0, 90))} WHERE id = ${seller}`);
    await flush();
  });

  after(async () => {
    if (!product) return;
    psql(`UPDATE products SET name = ${q(product.name)} WHERE id = ${product.id}`);
    psql(`UPDATE sellers SET name = ${q(product.sellerName)} WHERE id = ${product.seller}`);
    await flush();
  });

  test('product page, search page and API', async () => {
    for (const u of [`/${M}/p/${product.slug}`, `/${M}/search?q=zxqevil`]) {
      const r = await page(u);
      assert.ok(!r.body.includes('<script>alert(1)'), `${u}: markup from a name reached the page`);
      assert.ok(!r.body.includes('<b>&'), `${u}: markup from a name reached the page`);
      assert.ok(r.body.includes('Zxqevil &lt;/script&gt;'), `${u}: the name is not shown escaped`);
    }
    const r = await page(`/${M}/p/${product.slug}`);
    const blocks = [...r.body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)]
      .map((m) => JSON.parse(m[1]));
    assert.ok(blocks.some((b) => b['@type'] === 'Product' && b.name.endsWith(EVIL)), 'JSON-LD lost the name');
    const d = await api(`/api/v1/${M}/products/${product.slug}`);
    assert.equal(d.model, EVIL);
    assert.ok(d.offers.some((o) => o.seller.name === EVIL.slice(0, 90)));
  });
});

// --- HTTP caching ---------------------------------------------------------------------

describe('HTTP caching', () => {
  test('anonymous pages are public and set no cookie; a session makes them private', async () => {
    const urls = [`/${M}/`, `/${M}/c/smartphones`, `/${M}/p/apple-iphone-13`, `/${M}/search?q=iphone`];
    for (const u of urls) {
      const r = await page(u);
      assert.match(r.headers.get('cache-control') || '', /\bpublic\b/, `${u} anonymous`);
      assert.equal(r.headers.get('set-cookie'), null, `${u} sets a cookie for an anonymous visitor`);
    }
    const c = new Client({ label: 'catalog' });
    await c.register();
    assert.ok(c.session, 'no session after registering');
    for (const u of urls) {
      const r = await c.get(u);
      assert.equal(r.status, 200, u);
      const cc = r.headers['cache-control'] || '';
      assert.match(cc, /\bprivate\b/, `${u} with a session: ${cc}`);
      assert.doesNotMatch(cc, /\bpublic\b/, `${u} with a session: ${cc}`);
      assert.ok(r.body.includes(c.user.name) || /logout/.test(r.body), `${u}: the signed-in header`);
    }
    // The shared fragments never carry the user's CSRF token to others.
    for (const u of urls) {
      const r = await page(u);
      assert.ok(!r.body.includes(c.csrf), `${u}: another user's CSRF token in an anonymous page`);
    }
    c.close();
  });

  test('API ETag and If-None-Match', async () => {
    for (const u of [`/api/v1/${M}/products?category=smartphones&limit=5`, `/api/v1/${M}/products/apple-iphone-13`,
      `/api/v1/${M}/categories`, '/api/v1/markets', `/api/v1/${M}/search?q=iphone`]) {
      const a = await get(u);
      assert.equal(a.status, 200, u);
      const etag = a.headers.get('etag');
      assert.ok(etag && /^(W\/)?"[^"]+"$/.test(etag), `${u}: ETag ${etag}`);
      assert.match(a.headers.get('cache-control') || '', /public/);
      const b = await get(u, { headers: { 'If-None-Match': etag } });
      assert.equal(b.status, 304, `${u}: If-None-Match ${etag}: ${b.status}`);
      assert.equal(b.body, '');
      const c = await get(u, { headers: { 'If-None-Match': '"not-the-etag"' } });
      assert.equal(c.status, 200, `${u}: another ETag`);
      assert.equal(c.body, a.body);
    }
  });

  test('the same request gives the same ETag; another gives another', async () => {
    const a = await get(`/api/v1/${M}/products?category=smartphones&limit=5`);
    const b = await get(`/api/v1/${M}/products?limit=5&category=smartphones`);
    const c = await get(`/api/v1/${M}/products?category=smartphones&limit=6`);
    assert.equal(a.headers.get('etag'), b.headers.get('etag'));
    assert.notEqual(a.headers.get('etag'), c.headers.get('etag'));
  });
});

describe('a statement that fails inside a pipelined round trip', () => {
  // A listing sends the reference data's version and its rows statement
  // together (rb_db_query_batch). With product_prices locked, the rows
  // statement fails after lock_timeout (5 s in the stack) while the one
  // beside it succeeded: the page must fail cleanly, and the worker's
  // connection must not be left in pipeline mode, or every later page of
  // that worker fails.
  test('the page answers 5xx, and every worker serves pages right after', async () => {
    const held = psqlBackground('BEGIN; LOCK TABLE product_prices IN ACCESS EXCLUSIVE MODE; '
      + 'SELECT pg_sleep(7); COMMIT;');
    await waitUntil('product_prices locked', () => psql(`SELECT count(*) FROM pg_locks l
      JOIN pg_class c ON c.oid = l.relation
      WHERE c.relname = 'product_prices' AND l.mode = 'AccessExclusiveLock' AND l.granted`) === '1');
    // A min_price no cache holds, so each request reaches PostgreSQL.
    const base = 100000 + (Date.now() % 100000) * 10;
    const during = await Promise.all([0, 1, 2, 3].map((i) => get(`/${M}/c/smartphones?min_price=${base + i}`)));
    assert.equal(await held, 0, 'the locking transaction');
    const failed = during.filter((r) => r.status >= 500);
    assert.ok(failed.length >= 1, `statuses while locked: ${during.map((r) => r.status)}`);
    assert.ok(during.every((r) => r.status === 200 || r.status >= 500), `${during.map((r) => r.status)}`);
    for (let i = 0; i < 16; i++) {
      const r = await get(`/${M}/c/smartphones?min_price=${base + 100 + i}`);
      assert.equal(r.status, 200, `request ${i} after the lock: ${r.status}`);
      assert.ok(queries(r) >= 2, 'built from PostgreSQL');
    }
  });
});

describe('reference data (brands, categories, attributes) held by the workers', () => {
  // Workers keep the catalog's names in memory and reload them when
  // catalog_reference.version moves (sql/migrations/0007): a rename must
  // show at the very next page built from PostgreSQL, in every worker.
  test('a renamed category, brand and attribute label show at the next request', async () => {
    const phones = `JOIN category_i18n ci ON ci.category_id = pp.category_id AND ci.lang = 'en'
      AND ci.slug = 'smartphones'`;
    const [[category]] = psqlRows(`SELECT name FROM category_i18n WHERE lang = 'en' AND slug = 'smartphones'`);
    const [[brandId, brand]] = psqlRows(`SELECT b.id, b.name FROM product_prices pp
      JOIN brands b ON b.id = pp.brand_id ${phones} WHERE pp.market = '${M}'
      GROUP BY b.id, b.name ORDER BY count(*) DESC LIMIT 1`);
    const [[code, label]] = psqlRows(`SELECT ai.attribute_code, ai.label FROM attribute_i18n ai
      JOIN attributes a ON a.code = ai.attribute_code AND a.facet = 'values'
      JOIN category_attributes ca ON ca.attribute_code = a.code
      JOIN category_i18n ci ON ci.category_id = ca.category_id AND ci.lang = 'en' AND ci.slug = 'smartphones'
      WHERE ai.lang = 'en' ORDER BY a.position LIMIT 1`);
    const tag = `r${Date.now() % 1000000}`;
    // min_price values no cache holds, low enough to keep every phone.
    const base = 1 + (Date.now() % 400) * 20;
    const texts = async (i) => {
      const html = (await page(`/${M}/c/smartphones?min_price=${base + i}`)).body;
      return [category, brand, label].map((t) => html.includes(`${t} ${tag}`));
    };
    try {
      psql(`UPDATE category_i18n SET name = name || ' ${tag}' WHERE lang = 'en' AND slug = 'smartphones';
        UPDATE brands SET name = name || ' ${tag}' WHERE id = ${brandId};
        UPDATE attribute_i18n SET label = label || ' ${tag}' WHERE lang = 'en' AND attribute_code = ${q(code)}`);
      for (let i = 0; i < 8; i++) {
        assert.deepEqual(await texts(i), [true, true, true], `request ${i}: category, brand, label renamed`);
      }
    } finally {
      psql(`UPDATE category_i18n SET name = ${q(category)} WHERE lang = 'en' AND slug = 'smartphones';
        UPDATE brands SET name = ${q(brand)} WHERE id = ${brandId};
        UPDATE attribute_i18n SET label = ${q(label)} WHERE lang = 'en' AND attribute_code = ${q(code)}`);
    }
    for (let i = 8; i < 16; i++) {
      assert.deepEqual(await texts(i), [false, false, false], `request ${i}: the names are back`);
    }
  });
});
