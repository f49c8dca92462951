/*
 * The catalog's statements (discovery pages, product page, home, sitemap,
 * offer changes), part of RB_STATEMENTS. A listing reads the version of
 * the catalog's reference data (CATALOG_REF_*, kept by each worker:
 * app/domain/catalog_ref.c) and, in the same round trip, the listing rows
 * of every candidate product (product_prices.listing_row, see
 * sql/migrations/0005_listing_rows.sql) with a relevance key, and filters,
 * counts and sorts them in the worker; CATALOG_CARDS then names the
 * products of the page shown. An unfiltered listing of one category reads
 * its counts (CATALOG_SUMMARY, see sql/migrations/0008_listing_summaries.sql)
 * and its page from the sort's index (CATALOG_PAGE_*) instead, in the same
 * round trip as the version.
 */
#ifndef RB_DB_STATEMENTS_CATALOG_H
#define RB_DB_STATEMENTS_CATALOG_H

/* The active category whose slug (in lang) is given: a scalar, so that
 * an index on (market, category_id, sort key) serves the page in order. */
#define CATALOG_CATEGORY_ID(lang, slug) \
	"(SELECT ci.category_id FROM category_i18n ci " \
	"   JOIN categories c ON c.id = ci.category_id AND c.active " \
	"  WHERE ci.lang = " lang " AND ci.slug = " slug ")"

/*
 * The active categories a listing covers: the one whose slug (in lang) is
 * given and those below it, or every active one for a NULL slug; none for
 * an unknown slug. The rows statements find them themselves, so a listing
 * needs nothing before them.
 */
#define CATALOG_CATEGORY_IDS(lang, slug) \
	"ARRAY(SELECT d.id FROM categories d " \
	"       WHERE d.active AND (" slug "::text IS NULL OR d.path @> ARRAY[" \
	        CATALOG_CATEGORY_ID(lang, slug) "]))"

/* A page of one category's unfiltered listing in one order, with the
 * products' slugs and names: market, lang, slug, limit, offset. */
#define CATALOG_PAGE(order) \
	"SELECT pp.listing_row, p.slug, p.name " \
	"  FROM product_prices pp JOIN products p ON p.id = pp.product_id " \
	" WHERE pp.market = $1 AND pp.category_id = " \
	    CATALOG_CATEGORY_ID("$2", "$3") \
	" ORDER BY " order " LIMIT $4::int OFFSET $5::int"

#define RB_STATEMENTS_CATALOG(X) \
	X(CATALOG_REF_VERSION, \
	    "SELECT version FROM catalog_reference", \
	    0) \
	X(CATALOG_REF_CATEGORIES, \
	    "SELECT c.id, coalesce(c.parent_id, 0), array_to_string(c.path, ','), c.active, " \
	    "       c.icon, ci.lang, ci.slug, ci.name, ci.description " \
	    "  FROM categories c JOIN category_i18n ci ON ci.category_id = c.id " \
	    " ORDER BY c.id, ci.lang", \
	    0) \
	X(CATALOG_REF_BRANDS, \
	    "SELECT id, slug, name, active FROM brands ORDER BY id", \
	    0) \
	X(CATALOG_REF_ATTRIBUTES, \
	    "SELECT a.code, a.kind, a.unit, a.facet, a.position, ai.lang, ai.label " \
	    "  FROM attributes a JOIN attribute_i18n ai ON ai.attribute_code = a.code " \
	    " ORDER BY a.code, ai.lang", \
	    0) \
	X(CATALOG_REF_CATEGORY_ATTRIBUTES, \
	    "SELECT category_id, attribute_code, position FROM category_attributes " \
	    " ORDER BY category_id, attribute_code", \
	    0) \
	X(CATALOG_REF_GRADES, \
	    "SELECT g.grade, gi.lang, gi.name, gi.cosmetic, g.battery_floor " \
	    "  FROM grades g JOIN grade_i18n gi ON gi.grade = g.grade ORDER BY g.grade, gi.lang", \
	    0) \
	X(CATALOG_CORRECTION, \
	    "SELECT string_agg(coalesce(s.word, w.w), ' ' ORDER BY w.n) " \
	    "  FROM unnest(string_to_array(rebound_unaccent(lower($1::text)), ' ')) WITH ORDINALITY w (w, n) " \
	    "  LEFT JOIN LATERAL ( " \
	    "       SELECT sw.word FROM search_words sw " \
	    "        WHERE length(w.w) >= 3 AND w.w !~ '^[0-9]+$' " \
	    "          AND NOT EXISTS (SELECT 1 FROM search_words e WHERE e.word = w.w) " \
	    "        ORDER BY sw.word <-> w.w LIMIT 1) s " \
	    "    ON similarity(s.word, w.w) >= 0.25 " \
	    " WHERE w.w <> ''", \
	    1) \
	X(CATALOG_ROWS, \
	    "SELECT pp.listing_row, 0 FROM product_prices pp " \
	    " WHERE pp.market = $1 " \
	    "   AND pp.category_id = ANY (" CATALOG_CATEGORY_IDS("$2", "$3") ")", \
	    3) \
	X(CATALOG_SEARCH_ROWS, \
	    "SELECT pp.listing_row, (ts_rank_cd(ps.document, t.q) * 1000000)::bigint " \
	    "  FROM websearch_to_tsquery($4::regconfig, $5) t (q) " \
	    "  JOIN product_search ps ON ps.lang = $2 AND ps.document @@ t.q " \
	    "  JOIN product_prices pp ON pp.product_id = ps.product_id AND pp.market = $1 " \
	    " WHERE $3::text IS NULL " \
	    "    OR pp.category_id = ANY (" CATALOG_CATEGORY_IDS("$2", "$3") ")", \
	    5) \
	X(CATALOG_SUMMARY, \
	    "SELECT s.summary FROM listing_summaries s " \
	    " WHERE s.market = $1 AND s.category_id = " \
	        CATALOG_CATEGORY_ID("$2", "$3"), \
	    3) \
	X(CATALOG_PAGE_POPULAR, \
	    CATALOG_PAGE("pp.popularity DESC, pp.product_id DESC"), 5) \
	X(CATALOG_PAGE_PRICE_ASC, \
	    CATALOG_PAGE("pp.min_price, pp.product_id"), 5) \
	X(CATALOG_PAGE_PRICE_DESC, \
	    CATALOG_PAGE("pp.min_price DESC, pp.product_id DESC"), 5) \
	X(CATALOG_PAGE_NEWEST, \
	    CATALOG_PAGE("pp.released_on DESC, pp.product_id DESC"), 5) \
	X(CATALOG_CARDS, \
	    "SELECT p.id, p.slug, p.name FROM products p WHERE p.id = ANY ($1::bigint[])", \
	    1) \
	X(CATALOG_PRODUCT, \
	    "SELECT p.id, p.slug, p.name, b.slug, b.name, p.release_year, c.icon, " \
	    "       ci.slug, ci.name, p.keywords, p.category_id, p.attrs, " \
	    "       (SELECT json_agg(json_build_object('id', v.id, 'sku', v.sku, 'storage_gb', v.storage_gb, " \
	    "                  'ram_gb', v.ram_gb, 'colour', v.colour, 'network_lock', v.network_lock, " \
	    "                  'esim', v.esim, 'region', v.region, 'new_price', np.price, " \
	    "                  'from_price', (SELECT min(o.price) FROM offers o " \
	    "                                   JOIN sellers s ON s.id = o.seller_id AND s.status = 'approved' " \
	    "                                  WHERE o.variant_id = v.id AND o.market = $3 " \
	    "                                    AND o.status = 'active' AND o.stock > 0)) " \
	    "                  ORDER BY v.storage_gb NULLS FIRST, v.ram_gb NULLS FIRST, v.colour, v.id) " \
	    "          FROM variants v " \
	    "          LEFT JOIN new_prices np ON np.variant_id = v.id AND np.market = $3 " \
	    "         WHERE v.product_id = p.id AND v.active) " \
	    "  FROM products p " \
	    "  JOIN brands b ON b.id = p.brand_id " \
	    "  JOIN categories c ON c.id = p.category_id " \
	    "  JOIN category_i18n ci ON ci.category_id = c.id AND ci.lang = $2 " \
	    " WHERE p.slug = $1 AND p.active", \
	    3) \
	X(CATALOG_OFFERS, \
	    "SELECT o.id, o.grade, o.price, o.currency, o.stock, o.warranty_months, " \
	    "       o.battery_health_min, o.vat_scheme, s.slug, s.name, coalesce(s.country, ''), " \
	    "       s.quality_score " \
	    "  FROM offers o " \
	    "  JOIN sellers s ON s.id = o.seller_id AND s.status = 'approved' " \
	    " WHERE o.variant_id = $1 AND o.market = $2 AND o.status = 'active' AND o.stock > 0 " \
	    " ORDER BY o.price, s.quality_score DESC, o.id", \
	    2) \
	X(CATALOG_PRICE_HISTORY, \
	    "SELECT g.grade, to_char(current_date - 89, 'YYYY-MM-DD'), 0, b.price " \
	    "  FROM unnest(enum_range(NULL::offer_grade)) AS g (grade) " \
	    "  LEFT JOIN LATERAL (SELECT h.price FROM price_history h " \
	    "                      WHERE h.variant_id = $1::bigint AND h.market = $2 AND h.grade = g.grade " \
	    "                        AND h.day <= current_date - 89 " \
	    "                      ORDER BY h.day DESC LIMIT 1) b ON true " \
	    "UNION ALL " \
	    "SELECT h.grade, '', h.day - (current_date - 89), h.price FROM price_history h " \
	    " WHERE h.variant_id = $1::bigint AND h.market = $2 " \
	    "   AND h.day > current_date - 89 AND h.day <= current_date " \
	    " ORDER BY 1, 3", \
	    2) \
	X(CATALOG_CATEGORIES, \
	    "SELECT c.id, ci.slug, ci.name, c.icon, c.parent_id, cardinality(c.path) - 1, " \
	    "       (SELECT coalesce(sum(cc.products), 0) FROM category_counts cc " \
	    "          JOIN categories d ON d.id = cc.category_id AND d.active " \
	    "         WHERE cc.market = $1 AND d.path @> ARRAY[c.id]) " \
	    "  FROM categories c " \
	    "  JOIN category_i18n ci ON ci.category_id = c.id AND ci.lang = $2 " \
	    " WHERE c.active " \
	    " ORDER BY c.path", \
	    2) \
	X(CATALOG_HOME_CARDS, \
	    "SELECT h.k, h.product_id, x.slug, x.name, x.brand_slug, x.brand_name, h.min_price, " \
	    "       h.currency, h.deal_saving_bp, h.deal_price, h.deal_new_price, x.icon " \
	    "  FROM ((SELECT 1 AS k, pp.* FROM product_prices pp " \
	    "          WHERE pp.market = $1 AND pp.deal_saving_bp IS NOT NULL " \
	    "          ORDER BY pp.deal_saving_bp DESC, pp.product_id LIMIT $2::int) " \
	    "        UNION ALL " \
	    "        (SELECT 2, pp.* FROM product_prices pp WHERE pp.market = $1 " \
	    "          ORDER BY pp.listed_at DESC, pp.product_id DESC LIMIT $3::int)) h " \
	    " CROSS JOIN LATERAL ( " \
	    "       SELECT p.slug, p.name, br.slug AS brand_slug, br.name AS brand_name, c.icon " \
	    "         FROM products p, brands br, categories c " \
	    "        WHERE p.id = h.product_id AND br.id = h.brand_id AND c.id = h.category_id " \
	    "        OFFSET 0) x " \
	    " ORDER BY h.k, CASE h.k WHEN 1 THEN h.deal_saving_bp END DESC, " \
	    "          CASE h.k WHEN 2 THEN h.listed_at END DESC, " \
	    "          CASE h.k WHEN 1 THEN h.product_id ELSE -h.product_id END", \
	    3) \
	X(CATALOG_SITEMAP, \
	    "SELECT p.slug, to_char(pp.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') " \
	    "  FROM product_prices pp JOIN products p ON p.id = pp.product_id " \
	    " WHERE pp.market = $1 " \
	    " ORDER BY pp.product_id", \
	    1) \
	X(CATALOG_OFFER_UPDATE, \
	    "WITH o AS ( " \
	    "    UPDATE offers SET price = coalesce($2::bigint, price), stock = coalesce($3::int, stock), " \
	    "                      status = coalesce($4::text, status) " \
	    "     WHERE id = $1 " \
	    " RETURNING variant_id, market) " \
	    "SELECT p.slug, o.market, " \
	    "       ARRAY(SELECT ci.slug FROM categories c " \
	    "               JOIN markets m ON m.code = o.market " \
	    "               JOIN category_i18n ci ON ci.category_id = ANY (c.path) AND ci.lang = m.language " \
	    "              WHERE c.id = p.category_id) " \
	    "  FROM o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id", \
	    4)

#endif
