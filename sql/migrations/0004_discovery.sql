-- Discovery: what the home, category and search pages need beyond 0003.
--
-- * categories.icon names the illustration under static/img/cat/ (no
--   binary photos yet: a drawn device per category).
-- * product_prices gains the home page's two lists: "recently added"
--   (listed_at, the product's creation) and "best deals" (the biggest
--   saving of a live offer against the price of its variant when new, in
--   basis points, with that offer's price and the new price), each with
--   an index per market, so the home page reads a few index entries
--   instead of ranking every offer.
-- * search_words is the vocabulary of product names (brand, model,
--   keywords; unaccented, lower case) with a trigram GiST index: "did you
--   mean" replaces each word of a query that finds nothing by its nearest
--   vocabulary word ("iphnoe" -> "iphone", "galxy" -> "galaxy"), then
--   searches again with the full-text index.

ALTER TABLE categories
    ADD COLUMN icon text NOT NULL DEFAULT 'device' CHECK (icon ~ '^[a-z0-9-]{1,40}$');
UPDATE categories c SET icon = ci.slug
  FROM category_i18n ci
 WHERE ci.category_id = c.id AND ci.lang = 'en'
   AND ci.slug IN ('smartphones', 'laptops', 'tablets', 'smartwatches', 'consoles',
                   'headphones', 'cameras', 'e-readers', 'speakers', 'drones',
                   'monitors', 'accessories');

ALTER TABLE product_prices
    ADD COLUMN listed_at      timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN deal_saving_bp integer CHECK (deal_saving_bp BETWEEN 1 AND 10000),
    ADD COLUMN deal_price     bigint,
    ADD COLUMN deal_new_price bigint;
-- Home: recently added, per market.
CREATE INDEX product_prices_recent ON product_prices (market, listed_at DESC, product_id DESC);
-- Home: best deals, per market.
CREATE INDEX product_prices_deals ON product_prices (market, deal_saving_bp DESC, product_id)
    WHERE deal_saving_bp IS NOT NULL;

-- As in 0003, plus listed_at and the deal columns.
CREATE OR REPLACE FUNCTION catalog_refresh_prices(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM products WHERE id = ANY (p_ids) ORDER BY id FOR NO KEY UPDATE;

    WITH live AS (
         SELECT p.id AS product_id, o.market, o.currency, o.grade, o.price,
                v.storage_gb, p.category_id, p.brand_id, p.released_on,
                p.popularity, p.attrs, p.created_at,
                np.price AS new_price
           FROM products p
           JOIN variants v ON v.product_id = p.id AND v.active
           JOIN offers o ON o.variant_id = v.id AND o.status = 'active' AND o.stock > 0
           JOIN sellers s ON s.id = o.seller_id AND s.status = 'approved'
           LEFT JOIN new_prices np ON np.variant_id = v.id AND np.market = o.market
                                  AND np.price > o.price
          WHERE p.id = ANY (p_ids) AND p.active),
    fresh AS (
         SELECT product_id, market, min(currency) AS currency,
                category_id, brand_id, released_on, popularity, attrs,
                min(created_at) AS listed_at,
                min(price) AS min_price,
                min(price) FILTER (WHERE grade = 'premium') AS min_price_premium,
                min(price) FILTER (WHERE grade = 'excellent') AS min_price_excellent,
                min(price) FILTER (WHERE grade = 'good') AS min_price_good,
                min(price) FILTER (WHERE grade = 'fair') AS min_price_fair,
                count(*)::integer AS offer_count,
                coalesce(array_agg(DISTINCT storage_gb ORDER BY storage_gb)
                             FILTER (WHERE storage_gb IS NOT NULL), '{}') AS storages,
                -- The offer with the biggest saving against new; ties: the cheaper.
                (array_agg(((new_price - price) * 10000 / new_price)::integer
                           ORDER BY (new_price - price) * 10000 / new_price DESC, price)
                   FILTER (WHERE new_price IS NOT NULL))[1] AS deal_saving_bp,
                (array_agg(price ORDER BY (new_price - price) * 10000 / new_price DESC, price)
                   FILTER (WHERE new_price IS NOT NULL))[1] AS deal_price,
                (array_agg(new_price ORDER BY (new_price - price) * 10000 / new_price DESC, price)
                   FILTER (WHERE new_price IS NOT NULL))[1] AS deal_new_price
           FROM live
          GROUP BY product_id, market, category_id, brand_id, released_on, popularity, attrs),
    gone AS (
         DELETE FROM product_prices pp
          WHERE pp.product_id = ANY (p_ids)
            AND NOT EXISTS (SELECT 1 FROM fresh f
                             WHERE f.product_id = pp.product_id AND f.market = pp.market))
    INSERT INTO product_prices AS pp
           (product_id, market, currency, category_id, brand_id, released_on, popularity,
            attrs, min_price, min_price_premium, min_price_excellent, min_price_good,
            min_price_fair, offer_count, storages, listed_at, deal_saving_bp, deal_price,
            deal_new_price)
    SELECT product_id, market, currency, category_id, brand_id, released_on, popularity,
           attrs, min_price, min_price_premium, min_price_excellent, min_price_good,
           min_price_fair, offer_count, storages, listed_at,
           nullif(deal_saving_bp, 0), CASE WHEN deal_saving_bp > 0 THEN deal_price END,
           CASE WHEN deal_saving_bp > 0 THEN deal_new_price END
      FROM fresh
    ON CONFLICT (product_id, market) DO UPDATE
       SET currency = EXCLUDED.currency, category_id = EXCLUDED.category_id,
           brand_id = EXCLUDED.brand_id, released_on = EXCLUDED.released_on,
           popularity = EXCLUDED.popularity, attrs = EXCLUDED.attrs,
           min_price = EXCLUDED.min_price,
           min_price_premium = EXCLUDED.min_price_premium,
           min_price_excellent = EXCLUDED.min_price_excellent,
           min_price_good = EXCLUDED.min_price_good,
           min_price_fair = EXCLUDED.min_price_fair,
           offer_count = EXCLUDED.offer_count, storages = EXCLUDED.storages,
           listed_at = EXCLUDED.listed_at, deal_saving_bp = EXCLUDED.deal_saving_bp,
           deal_price = EXCLUDED.deal_price, deal_new_price = EXCLUDED.deal_new_price,
           updated_at = now()
     WHERE (pp.currency, pp.category_id, pp.brand_id, pp.released_on, pp.popularity,
            pp.attrs, pp.min_price, pp.min_price_premium, pp.min_price_excellent,
            pp.min_price_good, pp.min_price_fair, pp.offer_count, pp.storages,
            pp.listed_at, pp.deal_saving_bp, pp.deal_price, pp.deal_new_price)
           IS DISTINCT FROM
           (EXCLUDED.currency, EXCLUDED.category_id, EXCLUDED.brand_id,
            EXCLUDED.released_on, EXCLUDED.popularity, EXCLUDED.attrs,
            EXCLUDED.min_price, EXCLUDED.min_price_premium, EXCLUDED.min_price_excellent,
            EXCLUDED.min_price_good, EXCLUDED.min_price_fair, EXCLUDED.offer_count,
            EXCLUDED.storages, EXCLUDED.listed_at, EXCLUDED.deal_saving_bp,
            EXCLUDED.deal_price, EXCLUDED.deal_new_price);
END
$$;

-- A new price when new changes the deals of its product.
CREATE FUNCTION new_prices_refresh_prices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_refresh_prices(ARRAY(
        SELECT DISTINCT v.product_id FROM changed_rows c JOIN variants v ON v.id = c.variant_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER new_prices_refresh_prices_ins AFTER INSERT ON new_prices
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION new_prices_refresh_prices();
CREATE TRIGGER new_prices_refresh_prices_upd AFTER UPDATE ON new_prices
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION new_prices_refresh_prices();

-- Existing rows get the new columns.
SELECT catalog_refresh_prices(ARRAY(SELECT id FROM products));

-- ---------------------------------------------------------------------------
-- Search vocabulary

CREATE TABLE search_words (
    word text PRIMARY KEY CHECK (length(word) BETWEEN 2 AND 60)
);
-- "Nearest word": ORDER BY word <-> $1 LIMIT 1 walks this index.
CREATE INDEX search_words_trgm ON search_words USING gist (word gist_trgm_ops);

-- The words of a product's name_norm, in every language (the names are
-- the same in all of them); words are never removed, a stale one only
-- offers a correction that finds nothing.
CREATE FUNCTION product_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_words (word)
    SELECT DISTINCT w
      FROM changed_rows r, regexp_split_to_table(r.name_norm, '[^[:alnum:]]+') AS w
     WHERE length(w) BETWEEN 2 AND 60 AND w !~ '^[0-9]+$'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER product_search_words_ins AFTER INSERT ON product_search
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_search_words();
CREATE TRIGGER product_search_words_upd AFTER UPDATE ON product_search
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_search_words();

INSERT INTO search_words (word)
SELECT DISTINCT w
  FROM product_search ps, regexp_split_to_table(ps.name_norm, '[^[:alnum:]]+') AS w
 WHERE length(w) BETWEEN 2 AND 60 AND w !~ '^[0-9]+$'
ON CONFLICT DO NOTHING;

-- Category names are words shoppers type too ("tablette", "kopfhörer").
INSERT INTO search_words (word)
SELECT DISTINCT w
  FROM category_i18n ci, regexp_split_to_table(rebound_unaccent(lower(ci.name)), '[^[:alnum:]]+') AS w
 WHERE length(w) BETWEEN 2 AND 60 AND w !~ '^[0-9]+$'
ON CONFLICT DO NOTHING;

CREATE FUNCTION category_i18n_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_words (word)
    SELECT DISTINCT w
      FROM changed_rows r, regexp_split_to_table(rebound_unaccent(lower(r.name)), '[^[:alnum:]]+') AS w
     WHERE length(w) BETWEEN 2 AND 60 AND w !~ '^[0-9]+$'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER category_i18n_words_ins AFTER INSERT ON category_i18n
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION category_i18n_words();
CREATE TRIGGER category_i18n_words_upd AFTER UPDATE ON category_i18n
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION category_i18n_words();
