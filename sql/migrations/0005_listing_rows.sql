-- Listing rows: what a category or search listing needs of each product
-- to filter, count facets and sort, in one short text per product.
--
-- A listing used to count its facets in PostgreSQL (a pass per facet over
-- the category's rows, jsonb unpacked per row): about 10 ms for the
-- smartphones of a market, every time the cache missed. The worker now
-- reads the category's rows, a few hundred short texts, and does the
-- counting, filtering and sorting itself (app/domain/catalog_index.c);
-- one text column costs PostgreSQL far less to send than a dozen typed
-- columns and a jsonb.
--
-- product_prices.listing_row is generated from the row's own columns, so
-- it can never disagree with them:
--   id brand category popularity released_days offers premium excellent
--   good fair storages attrs
-- separated by single spaces; a grade without an offer is an empty
-- field; released_days counts from 1970-01-01; storages is "64,128"; the
-- attributes come last, as code US value, pairs separated by RS (the
-- ASCII unit and record separators, which cannot occur in a value:
-- they are replaced by spaces), sorted by code, values as
-- jsonb_each_text prints them (6.1, true, A15 Bionic).

CREATE FUNCTION listing_attrs_text(a jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (SELECT coalesce(string_agg(e.key || chr(31) ||
                                   translate(e.value, chr(30) || chr(31), '  '),
                                   chr(30) ORDER BY e.key), '')
          FROM jsonb_each_text(a) e
         WHERE e.value IS NOT NULL);

-- IMMUTABLE although array_to_string is only STABLE: an int[]'s text
-- form does not depend on any setting.
CREATE FUNCTION listing_row_text(p_id bigint, p_brand integer, p_category integer,
                                 p_popularity integer, p_released date, p_offers integer,
                                 p_premium bigint, p_excellent bigint, p_good bigint,
                                 p_fair bigint, p_storages integer[], p_attrs jsonb)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN p_id::text || ' ' || p_brand::text || ' ' || p_category::text || ' '
    || p_popularity::text || ' ' || (p_released - date '1970-01-01')::text || ' '
    || p_offers::text || ' '
    || coalesce(p_premium::text, '') || ' ' || coalesce(p_excellent::text, '') || ' '
    || coalesce(p_good::text, '') || ' ' || coalesce(p_fair::text, '') || ' '
    || array_to_string(p_storages, ',') || ' ' || listing_attrs_text(p_attrs);

ALTER TABLE product_prices
    ADD COLUMN listing_row text NOT NULL GENERATED ALWAYS AS (
        listing_row_text(product_id, brand_id, category_id, popularity, released_on, offer_count,
                         min_price_premium, min_price_excellent, min_price_good,
                         min_price_fair, storages, attrs)) STORED;

-- A category's listing reads its rows from the index alone.
CREATE INDEX product_prices_listing ON product_prices (market, category_id)
    INCLUDE (product_id, listing_row);
