-- Listing summaries: the facet counts of every category's unfiltered
-- listing, per market, in one short text, kept exact by statement-level
-- triggers on product_prices.
--
-- A listing counts its facets in the worker from the listing rows of all
-- its candidates (0005): 492 rows for the smartphones of a market, each
-- paid for in PostgreSQL's index scan, libpq's result, parsing and
-- counting, about 0.8 us a row in all. An unfiltered category page, the
-- one shoppers land on, needs only the counts and the 24 rows it shows:
-- it reads the summary (one row) and its page from the sort's index
-- instead. Filtered listings and searches still count rows.
--
-- Counts per (facet, value) were tried first, kept as deltas from the
-- transition tables like category_counts (0006): reading and grouping a
-- hundred count rows cost PostgreSQL more than the rows it replaced, and
-- a price range is no sum. A summary is recomputed whole instead, from
-- the (market, category)'s rows, by the statement that changed them.
--
-- The text holds what app/domain/catalog_index.c counts for the rows when
-- no filter applies, records separated by RS, fields by US (chr 30, 31,
-- which listing rows never hold either):
--   c id n          products of category id (the listing's total)
--   g p e g f       products with a live offer in each grade, best first
--   r lo hi         lowest and highest "from" price (absent: no product)
--   b id n          products of brand id
--   s gb n          storage sizes offered, one count per size a product has
--   a code value n  attribute values, as listing rows print them
-- Only products with a live offer in some grade count, as in the worker.

CREATE FUNCTION listing_summary_text(p_market text, p_category integer)
    RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH r AS (
        SELECT pp.brand_id, pp.storages, pp.attrs, pp.min_price_premium,
               pp.min_price_excellent, pp.min_price_good, pp.min_price_fair
          FROM product_prices pp
         WHERE pp.market = p_market AND pp.category_id = p_category
           AND coalesce(pp.min_price_premium, pp.min_price_excellent,
                        pp.min_price_good, pp.min_price_fair) IS NOT NULL)
    SELECT concat_ws(chr(30),
        (SELECT concat_ws(chr(31), 'c', p_category, count(*)) FROM r),
        (SELECT concat_ws(chr(31), 'g', count(min_price_premium), count(min_price_excellent),
                          count(min_price_good), count(min_price_fair)) FROM r),
        (SELECT concat_ws(chr(31), 'r', min(m), max(m))
           FROM (SELECT least(min_price_premium, min_price_excellent, min_price_good,
                              min_price_fair) AS m FROM r) x
         HAVING count(*) > 0),
        (SELECT string_agg(concat_ws(chr(31), 'b', brand_id, n), chr(30) ORDER BY brand_id)
           FROM (SELECT brand_id, count(*) AS n FROM r GROUP BY 1) x),
        (SELECT string_agg(concat_ws(chr(31), 's', gb, n), chr(30) ORDER BY gb)
           FROM (SELECT gb, count(*) AS n FROM r, unnest(r.storages) gb
                  WHERE gb IS NOT NULL GROUP BY 1) x),
        (SELECT string_agg(concat_ws(chr(31), 'a', k, v, n), chr(30) ORDER BY k, v)
           FROM (SELECT e.key AS k, translate(e.value, chr(30) || chr(31), '  ') AS v,
                        count(*) AS n
                   FROM r, jsonb_each_text(r.attrs) e
                  WHERE e.value IS NOT NULL GROUP BY 1, 2) x))
$$;

CREATE TABLE listing_summaries (
    market      text NOT NULL REFERENCES markets (code),
    category_id integer NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    summary     text NOT NULL,
    PRIMARY KEY (market, category_id)
);

INSERT INTO listing_summaries (market, category_id, summary)
SELECT k.market, k.category_id, listing_summary_text(k.market, k.category_id)
  FROM (SELECT DISTINCT market, category_id FROM product_prices) k;

-- Recomputes the summaries of the given (market, category) pairs. Each is
-- locked first, in key order; in READ COMMITTED the recomputing statement
-- then sees every change committed by a writer that held it before, so
-- the last writer always writes the truth (as catalog_refresh_prices does
-- for product_prices). A pair whose products are all gone keeps an empty
-- summary: its total is 0.
CREATE FUNCTION listing_summaries_refresh(p_keys jsonb) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF p_keys IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO listing_summaries (market, category_id, summary)
    SELECT k.market, k.category_id, ''
      FROM jsonb_to_recordset(p_keys) AS k (market text, category_id integer)
     ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
    PERFORM 1 FROM listing_summaries s
      JOIN jsonb_to_recordset(p_keys) AS k (market text, category_id integer)
        ON s.market = k.market AND s.category_id = k.category_id
     ORDER BY s.market, s.category_id
       FOR UPDATE OF s;
    UPDATE listing_summaries s
       SET summary = listing_summary_text(s.market, s.category_id)
      FROM jsonb_to_recordset(p_keys) AS k (market text, category_id integer)
     WHERE s.market = k.market AND s.category_id = k.category_id;
END $$;

-- The (market, category) pairs of the rows a statement wrote.
CREATE FUNCTION product_prices_summary() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    keys jsonb;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM listing_summaries;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT jsonb_agg(DISTINCT to_jsonb(k)) INTO keys
          FROM (SELECT market, category_id FROM new_rows) k;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT jsonb_agg(DISTINCT to_jsonb(k)) INTO keys
          FROM (SELECT market, category_id FROM old_rows) k;
    ELSE
        SELECT jsonb_agg(DISTINCT to_jsonb(k)) INTO keys
          FROM (SELECT market, category_id FROM old_rows
                UNION SELECT market, category_id FROM new_rows) k;
    END IF;
    PERFORM listing_summaries_refresh(keys);
    RETURN NULL;
END $$;

CREATE TRIGGER product_prices_summary_ins AFTER INSERT ON product_prices
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_prices_summary();
CREATE TRIGGER product_prices_summary_del AFTER DELETE ON product_prices
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_prices_summary();
CREATE TRIGGER product_prices_summary_upd AFTER UPDATE ON product_prices
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_prices_summary();
CREATE TRIGGER product_prices_summary_truncate AFTER TRUNCATE ON product_prices
    FOR EACH STATEMENT EXECUTE FUNCTION product_prices_summary();
