/*
 * The catalog's statements (discovery pages, product page, home, sitemap,
 * offer changes), part of RB_STATEMENTS. Listing statements share their
 * parameters: $1 market, $2 category ids, $3 brand ids, $4 grades,
 * $5 storages, $6/$7 price range, $8 attribute filter (jsonb: code ->
 * array of accepted values); the row flags b_ok, g_ok, s_ok, p_ok and
 * fails let one pass count each facet with every filter but its own.
 * Sort keys are folded into one ascending pair (sk, st) so keyset
 * pagination is one row comparison whatever the sort.
 */
#ifndef RB_DB_STATEMENTS_CATALOG_H
#define RB_DB_STATEMENTS_CATALOG_H

#define RB_STATEMENTS_CATALOG(X) \
	X(CATALOG_CONTEXT, \
	    "SELECT c.id, ci.name, ci.slug, c.icon, ci.description, " \
	    "       ARRAY(SELECT d.id FROM categories d " \
	    "              WHERE d.active AND (c.id IS NULL OR d.path @> ARRAY[c.id])), " \
	    "       (SELECT json_agg(json_build_object('name', x.name, 'slug', x.slug) " \
	    "                        ORDER BY array_position(c.path, x.category_id)) " \
	    "          FROM category_i18n x WHERE x.category_id = ANY (c.path) AND x.lang = $1), " \
	    "       (SELECT json_agg(json_build_object('code', a.code, 'kind', a.kind, 'unit', a.unit, " \
	    "                                          'label', ai.label) ORDER BY ca.position, a.position) " \
	    "          FROM category_attributes ca " \
	    "          JOIN attributes a ON a.code = ca.attribute_code AND a.facet <> 'none' " \
	    "          JOIN attribute_i18n ai ON ai.attribute_code = a.code AND ai.lang = $1 " \
	    "         WHERE ca.category_id = ANY (c.path)), " \
	    "       (SELECT coalesce(array_agg(b.id ORDER BY b.id), '{}') FROM brands b " \
	    "         WHERE b.slug = ANY ($3::text[]) AND b.active), " \
	    "       (SELECT json_object_agg(g.grade, g.name) FROM grade_i18n g WHERE g.lang = $1), " \
	    "       (SELECT json_object_agg(s.lang, s.slug) FROM category_i18n s WHERE s.category_id = c.id), " \
	    "       (SELECT string_agg(coalesce(s.word, w.w), ' ' ORDER BY w.n) " \
	    "          FROM unnest(string_to_array(rebound_unaccent(lower($4::text)), ' ')) WITH ORDINALITY w (w, n) " \
	    "          LEFT JOIN LATERAL ( " \
	    "               SELECT sw.word FROM search_words sw " \
	    "                WHERE length(w.w) >= 3 AND w.w !~ '^[0-9]+$' " \
	    "                  AND NOT EXISTS (SELECT 1 FROM search_words e WHERE e.word = w.w) " \
	    "                ORDER BY sw.word <-> w.w LIMIT 1) s " \
	    "            ON similarity(s.word, w.w) >= 0.25 " \
	    "         WHERE w.w <> '') " \
	    "  FROM (SELECT 1) one " \
	    "  LEFT JOIN category_i18n ci ON ci.lang = $1 AND ci.slug = $2::text " \
	    "  LEFT JOIN categories c ON c.id = ci.category_id AND c.active", \
	    4) \
	X(CATALOG_ITEMS, \
	    "WITH base AS ( " \
	    "  SELECT pp.product_id, pp.brand_id, pp.category_id, pp.storages, pp.attrs, pp.currency, " \
	    "         pp.min_price_premium, pp.min_price_excellent, pp.min_price_good, pp.min_price_fair, " \
	    "         pp.offer_count, pp.released_on, pp.popularity, x.eff, 0::real AS rank, " \
	    "         (cardinality($3::int[]) = 0 OR pp.brand_id = ANY ($3)) AS b_ok, " \
	    "         x.eff IS NOT NULL AS g_ok, " \
	    "         (cardinality($5::int[]) = 0 OR pp.storages && $5) AS s_ok, " \
	    "         (($6::bigint IS NULL OR x.eff >= $6) AND ($7::bigint IS NULL OR x.eff <= $7)) AS p_ok, " \
	    "         ARRAY(SELECT f.key FROM jsonb_each($8::jsonb) f " \
	    "                WHERE NOT f.value @> jsonb_build_array(pp.attrs -> f.key)) AS fails " \
	    "    FROM product_prices pp " \
	    "    CROSS JOIN LATERAL (SELECT CASE WHEN cardinality($4::text[]) = 0 THEN pp.min_price ELSE " \
	    "           LEAST(CASE WHEN 'premium' = ANY ($4) THEN pp.min_price_premium END, " \
	    "                 CASE WHEN 'excellent' = ANY ($4) THEN pp.min_price_excellent END, " \
	    "                 CASE WHEN 'good' = ANY ($4) THEN pp.min_price_good END, " \
	    "                 CASE WHEN 'fair' = ANY ($4) THEN pp.min_price_fair END) END AS eff) x " \
	    "   WHERE pp.market = $1 AND pp.category_id = ANY ($2::int[]) " \
	    "), hits AS ( " \
	    "  SELECT b.*, CASE $9 WHEN 'price_asc' THEN b.eff WHEN 'price_desc' THEN -b.eff " \
	    "                      WHEN 'newest' THEN -(b.released_on - date '1970-01-01')::bigint " \
	    "                      WHEN 'relevance' THEN -(b.rank * 1000000)::bigint " \
	    "                      ELSE -b.popularity::bigint END AS sk, " \
	    "         CASE WHEN $9 = 'price_asc' THEN b.product_id ELSE -b.product_id END AS st " \
	    "    FROM base b WHERE b.b_ok AND b.g_ok AND b.s_ok AND b.p_ok AND b.fails = '{}' " \
	    "), page AS ( " \
	    "  SELECT h.*, count(*) OVER () AS remaining FROM hits h " \
	    "   WHERE $12::bigint IS NULL OR (h.sk, h.st) > ($12, $13::bigint) " \
	    "   ORDER BY h.sk, h.st " \
	    "   LIMIT $10::int OFFSET $11::int " \
	    ") " \
	    "SELECT h.product_id, p.slug, p.name, br.slug, br.name, h.eff, h.currency, " \
	    "       h.min_price_premium, h.min_price_excellent, h.min_price_good, h.min_price_fair, " \
	    "       array_to_string(h.storages, ','), h.offer_count, extract(year FROM h.released_on)::int, " \
	    "       c.icon, ci.slug, ci.name, h.sk, h.st, h.remaining " \
	    "  FROM page h " \
	    "  JOIN products p ON p.id = h.product_id " \
	    "  JOIN brands br ON br.id = h.brand_id " \
	    "  JOIN categories c ON c.id = h.category_id " \
	    "  JOIN category_i18n ci ON ci.category_id = h.category_id AND ci.lang = $14 " \
	    " ORDER BY h.sk, h.st", \
	    14) \
	X(CATALOG_FACETS, \
	    "WITH base AS ( " \
	    "  SELECT pp.product_id, pp.brand_id, pp.category_id, pp.storages, pp.attrs, pp.currency, " \
	    "         pp.min_price_premium, pp.min_price_excellent, pp.min_price_good, pp.min_price_fair, " \
	    "         pp.offer_count, pp.released_on, pp.popularity, x.eff, 0::real AS rank, " \
	    "         (cardinality($3::int[]) = 0 OR pp.brand_id = ANY ($3)) AS b_ok, " \
	    "         x.eff IS NOT NULL AS g_ok, " \
	    "         (cardinality($5::int[]) = 0 OR pp.storages && $5) AS s_ok, " \
	    "         (($6::bigint IS NULL OR x.eff >= $6) AND ($7::bigint IS NULL OR x.eff <= $7)) AS p_ok, " \
	    "         ARRAY(SELECT f.key FROM jsonb_each($8::jsonb) f " \
	    "                WHERE NOT f.value @> jsonb_build_array(pp.attrs -> f.key)) AS fails " \
	    "    FROM product_prices pp " \
	    "    CROSS JOIN LATERAL (SELECT CASE WHEN cardinality($4::text[]) = 0 THEN pp.min_price ELSE " \
	    "           LEAST(CASE WHEN 'premium' = ANY ($4) THEN pp.min_price_premium END, " \
	    "                 CASE WHEN 'excellent' = ANY ($4) THEN pp.min_price_excellent END, " \
	    "                 CASE WHEN 'good' = ANY ($4) THEN pp.min_price_good END, " \
	    "                 CASE WHEN 'fair' = ANY ($4) THEN pp.min_price_fair END) END AS eff) x " \
	    "   WHERE pp.market = $1 AND pp.category_id = ANY ($2::int[]) " \
	    ") " \
	    "SELECT 'total', '', '', count(*) FROM base WHERE b_ok AND g_ok AND s_ok AND p_ok AND fails = '{}' " \
	    "UNION ALL " \
	    "SELECT 'brand', br.slug, br.name, count(*) FROM base JOIN brands br ON br.id = base.brand_id " \
	    " WHERE g_ok AND s_ok AND p_ok AND fails = '{}' GROUP BY br.slug, br.name " \
	    "UNION ALL " \
	    "SELECT 'grade', g.grade, '', count(*) FROM base " \
	    " CROSS JOIN LATERAL (VALUES ('premium', min_price_premium), ('excellent', min_price_excellent), " \
	    "                            ('good', min_price_good), ('fair', min_price_fair)) g (grade, price) " \
	    " WHERE g.price IS NOT NULL AND b_ok AND s_ok AND fails = '{}' " \
	    "   AND ($6::bigint IS NULL OR g.price >= $6) AND ($7::bigint IS NULL OR g.price <= $7) " \
	    " GROUP BY g.grade " \
	    "UNION ALL " \
	    "SELECT 'storage', s::text, '', count(*) FROM base CROSS JOIN unnest(storages) s " \
	    " WHERE b_ok AND g_ok AND p_ok AND fails = '{}' GROUP BY s " \
	    "UNION ALL " \
	    "SELECT 'category', ci.slug, ci.name, count(*) FROM base " \
	    "  JOIN category_i18n ci ON ci.category_id = base.category_id AND ci.lang = $10 " \
	    " WHERE cardinality($2::int[]) <> 1 AND b_ok AND g_ok AND s_ok AND p_ok AND fails = '{}' " \
	    " GROUP BY ci.slug, ci.name " \
	    "UNION ALL " \
	    "SELECT 'attr', e.key, e.value::text, count(*) FROM base CROSS JOIN jsonb_each(attrs) e " \
	    " WHERE e.key = ANY ($9::text[]) AND b_ok AND g_ok AND s_ok AND p_ok " \
	    "   AND (fails = '{}' OR fails = ARRAY[e.key]) " \
	    " GROUP BY e.key, e.value " \
	    "UNION ALL " \
	    "SELECT 'price', coalesce(min(eff)::text, ''), coalesce(max(eff)::text, ''), count(*) FROM base " \
	    " WHERE b_ok AND g_ok AND s_ok AND fails = '{}'", \
	    10) \
	X(CATALOG_SEARCH_ITEMS, \
	    "WITH base AS ( " \
	    "  SELECT pp.product_id, pp.brand_id, pp.category_id, pp.storages, pp.attrs, pp.currency, " \
	    "         pp.min_price_premium, pp.min_price_excellent, pp.min_price_good, pp.min_price_fair, " \
	    "         pp.offer_count, pp.released_on, pp.popularity, x.eff, ts_rank_cd(ps.document, websearch_to_tsquery($15::regconfig, $16)) AS rank, " \
	    "         (cardinality($3::int[]) = 0 OR pp.brand_id = ANY ($3)) AS b_ok, " \
	    "         x.eff IS NOT NULL AS g_ok, " \
	    "         (cardinality($5::int[]) = 0 OR pp.storages && $5) AS s_ok, " \
	    "         (($6::bigint IS NULL OR x.eff >= $6) AND ($7::bigint IS NULL OR x.eff <= $7)) AS p_ok, " \
	    "         ARRAY(SELECT f.key FROM jsonb_each($8::jsonb) f " \
	    "                WHERE NOT f.value @> jsonb_build_array(pp.attrs -> f.key)) AS fails " \
	    "    FROM product_search ps JOIN product_prices pp ON pp.product_id = ps.product_id AND pp.market = $1 " \
	    "    CROSS JOIN LATERAL (SELECT CASE WHEN cardinality($4::text[]) = 0 THEN pp.min_price ELSE " \
	    "           LEAST(CASE WHEN 'premium' = ANY ($4) THEN pp.min_price_premium END, " \
	    "                 CASE WHEN 'excellent' = ANY ($4) THEN pp.min_price_excellent END, " \
	    "                 CASE WHEN 'good' = ANY ($4) THEN pp.min_price_good END, " \
	    "                 CASE WHEN 'fair' = ANY ($4) THEN pp.min_price_fair END) END AS eff) x " \
	    "   WHERE ps.lang = $14 AND ps.document @@ websearch_to_tsquery($15::regconfig, $16) " \
	    "     AND (cardinality($2::int[]) = 0 OR pp.category_id = ANY ($2)) " \
	    "), hits AS ( " \
	    "  SELECT b.*, CASE $9 WHEN 'price_asc' THEN b.eff WHEN 'price_desc' THEN -b.eff " \
	    "                      WHEN 'newest' THEN -(b.released_on - date '1970-01-01')::bigint " \
	    "                      WHEN 'relevance' THEN -(b.rank * 1000000)::bigint " \
	    "                      ELSE -b.popularity::bigint END AS sk, " \
	    "         CASE WHEN $9 = 'price_asc' THEN b.product_id ELSE -b.product_id END AS st " \
	    "    FROM base b WHERE b.b_ok AND b.g_ok AND b.s_ok AND b.p_ok AND b.fails = '{}' " \
	    "), page AS ( " \
	    "  SELECT h.*, count(*) OVER () AS remaining FROM hits h " \
	    "   WHERE $12::bigint IS NULL OR (h.sk, h.st) > ($12, $13::bigint) " \
	    "   ORDER BY h.sk, h.st " \
	    "   LIMIT $10::int OFFSET $11::int " \
	    ") " \
	    "SELECT h.product_id, p.slug, p.name, br.slug, br.name, h.eff, h.currency, " \
	    "       h.min_price_premium, h.min_price_excellent, h.min_price_good, h.min_price_fair, " \
	    "       array_to_string(h.storages, ','), h.offer_count, extract(year FROM h.released_on)::int, " \
	    "       c.icon, ci.slug, ci.name, h.sk, h.st, h.remaining " \
	    "  FROM page h " \
	    "  JOIN products p ON p.id = h.product_id " \
	    "  JOIN brands br ON br.id = h.brand_id " \
	    "  JOIN categories c ON c.id = h.category_id " \
	    "  JOIN category_i18n ci ON ci.category_id = h.category_id AND ci.lang = $14 " \
	    " ORDER BY h.sk, h.st", \
	    16) \
	X(CATALOG_SEARCH_FACETS, \
	    "WITH base AS ( " \
	    "  SELECT pp.product_id, pp.brand_id, pp.category_id, pp.storages, pp.attrs, pp.currency, " \
	    "         pp.min_price_premium, pp.min_price_excellent, pp.min_price_good, pp.min_price_fair, " \
	    "         pp.offer_count, pp.released_on, pp.popularity, x.eff, ts_rank_cd(ps.document, websearch_to_tsquery($11::regconfig, $12)) AS rank, " \
	    "         (cardinality($3::int[]) = 0 OR pp.brand_id = ANY ($3)) AS b_ok, " \
	    "         x.eff IS NOT NULL AS g_ok, " \
	    "         (cardinality($5::int[]) = 0 OR pp.storages && $5) AS s_ok, " \
	    "         (($6::bigint IS NULL OR x.eff >= $6) AND ($7::bigint IS NULL OR x.eff <= $7)) AS p_ok, " \
	    "         ARRAY(SELECT f.key FROM jsonb_each($8::jsonb) f " \
	    "                WHERE NOT f.value @> jsonb_build_array(pp.attrs -> f.key)) AS fails " \
	    "    FROM product_search ps JOIN product_prices pp ON pp.product_id = ps.product_id AND pp.market = $1 " \
	    "    CROSS JOIN LATERAL (SELECT CASE WHEN cardinality($4::text[]) = 0 THEN pp.min_price ELSE " \
	    "           LEAST(CASE WHEN 'premium' = ANY ($4) THEN pp.min_price_premium END, " \
	    "                 CASE WHEN 'excellent' = ANY ($4) THEN pp.min_price_excellent END, " \
	    "                 CASE WHEN 'good' = ANY ($4) THEN pp.min_price_good END, " \
	    "                 CASE WHEN 'fair' = ANY ($4) THEN pp.min_price_fair END) END AS eff) x " \
	    "   WHERE ps.lang = $10 AND ps.document @@ websearch_to_tsquery($11::regconfig, $12) " \
	    "     AND (cardinality($2::int[]) = 0 OR pp.category_id = ANY ($2)) " \
	    ") " \
	    "SELECT 'total', '', '', count(*) FROM base WHERE b_ok AND g_ok AND s_ok AND p_ok AND fails = '{}' " \
	    "UNION ALL " \
	    "SELECT 'brand', br.slug, br.name, count(*) FROM base JOIN brands br ON br.id = base.brand_id " \
	    " WHERE g_ok AND s_ok AND p_ok AND fails = '{}' GROUP BY br.slug, br.name " \
	    "UNION ALL " \
	    "SELECT 'grade', g.grade, '', count(*) FROM base " \
	    " CROSS JOIN LATERAL (VALUES ('premium', min_price_premium), ('excellent', min_price_excellent), " \
	    "                            ('good', min_price_good), ('fair', min_price_fair)) g (grade, price) " \
	    " WHERE g.price IS NOT NULL AND b_ok AND s_ok AND fails = '{}' " \
	    "   AND ($6::bigint IS NULL OR g.price >= $6) AND ($7::bigint IS NULL OR g.price <= $7) " \
	    " GROUP BY g.grade " \
	    "UNION ALL " \
	    "SELECT 'storage', s::text, '', count(*) FROM base CROSS JOIN unnest(storages) s " \
	    " WHERE b_ok AND g_ok AND p_ok AND fails = '{}' GROUP BY s " \
	    "UNION ALL " \
	    "SELECT 'category', ci.slug, ci.name, count(*) FROM base " \
	    "  JOIN category_i18n ci ON ci.category_id = base.category_id AND ci.lang = $10 " \
	    " WHERE cardinality($2::int[]) <> 1 AND b_ok AND g_ok AND s_ok AND p_ok AND fails = '{}' " \
	    " GROUP BY ci.slug, ci.name " \
	    "UNION ALL " \
	    "SELECT 'attr', e.key, e.value::text, count(*) FROM base CROSS JOIN jsonb_each(attrs) e " \
	    " WHERE e.key = ANY ($9::text[]) AND b_ok AND g_ok AND s_ok AND p_ok " \
	    "   AND (fails = '{}' OR fails = ARRAY[e.key]) " \
	    " GROUP BY e.key, e.value " \
	    "UNION ALL " \
	    "SELECT 'price', coalesce(min(eff)::text, ''), coalesce(max(eff)::text, ''), count(*) FROM base " \
	    " WHERE b_ok AND g_ok AND s_ok AND fails = '{}'", \
	    12) \
	X(CATALOG_PRODUCT, \
	    "SELECT p.id, p.slug, p.name, b.slug, b.name, p.release_year, c.icon, " \
	    "       ci.slug, ci.name, p.keywords, " \
	    "       (SELECT json_agg(json_build_object('name', x.name, 'slug', x.slug) " \
	    "                        ORDER BY array_position(c.path, x.category_id)) " \
	    "          FROM category_i18n x WHERE x.category_id = ANY (c.path) AND x.lang = $2), " \
	    "       (SELECT json_agg(json_build_object('code', a.code, 'kind', a.kind, 'unit', a.unit, " \
	    "                                          'label', ai.label, 'value', p.attrs -> a.code) " \
	    "                        ORDER BY ca.position, a.position) " \
	    "          FROM category_attributes ca " \
	    "          JOIN attributes a ON a.code = ca.attribute_code " \
	    "          JOIN attribute_i18n ai ON ai.attribute_code = a.code AND ai.lang = $2 " \
	    "         WHERE ca.category_id = ANY (c.path) AND p.attrs ? a.code), " \
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
	    "         WHERE v.product_id = p.id AND v.active), " \
	    "       (SELECT json_agg(json_build_object('grade', g.grade, 'name', gi.name, " \
	    "                  'cosmetic', gi.cosmetic, 'battery', gi.battery, " \
	    "                  'battery_floor', g.battery_floor) ORDER BY g.grade) " \
	    "          FROM grades g JOIN grade_i18n gi ON gi.grade = g.grade AND gi.lang = $2) " \
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
	    "SELECT g.grade, to_char(d.day, 'YYYY-MM-DD'), d.price " \
	    "  FROM unnest(enum_range(NULL::offer_grade)) AS g (grade) " \
	    " CROSS JOIN LATERAL price_history_daily(ARRAY[$1::bigint], $2, g.grade, " \
	    "                                        current_date - 89, current_date) d " \
	    " ORDER BY g.grade, d.day", \
	    2) \
	X(CATALOG_CATEGORIES, \
	    "SELECT c.id, ci.slug, ci.name, c.icon, c.parent_id, cardinality(c.path) - 1, " \
	    "       (SELECT count(*) FROM product_prices pp " \
	    "         WHERE pp.market = $1 " \
	    "           AND pp.category_id = ANY (ARRAY(SELECT d.id FROM categories d " \
	    "                                            WHERE d.path @> ARRAY[c.id] AND d.active))) " \
	    "  FROM categories c " \
	    "  JOIN category_i18n ci ON ci.category_id = c.id AND ci.lang = $2 " \
	    " WHERE c.active " \
	    " ORDER BY c.path", \
	    2) \
	X(CATALOG_DEALS, \
	    "SELECT pp.product_id, p.slug, p.name, br.slug, br.name, pp.min_price, pp.currency, " \
	    "       pp.deal_saving_bp, pp.deal_price, pp.deal_new_price, c.icon " \
	    "  FROM product_prices pp " \
	    "  JOIN products p ON p.id = pp.product_id " \
	    "  JOIN brands br ON br.id = pp.brand_id " \
	    "  JOIN categories c ON c.id = pp.category_id " \
	    " WHERE pp.market = $1 AND pp.deal_saving_bp IS NOT NULL " \
	    " ORDER BY pp.deal_saving_bp DESC, pp.product_id " \
	    " LIMIT $2::int", \
	    2) \
	X(CATALOG_RECENT, \
	    "SELECT pp.product_id, p.slug, p.name, br.slug, br.name, pp.min_price, pp.currency, " \
	    "       pp.deal_saving_bp, pp.deal_price, pp.deal_new_price, c.icon " \
	    "  FROM product_prices pp " \
	    "  JOIN products p ON p.id = pp.product_id " \
	    "  JOIN brands br ON br.id = pp.brand_id " \
	    "  JOIN categories c ON c.id = pp.category_id " \
	    " WHERE pp.market = $1 " \
	    " ORDER BY pp.listed_at DESC, pp.product_id DESC " \
	    " LIMIT $2::int", \
	    2) \
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
