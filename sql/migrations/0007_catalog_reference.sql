-- Catalog reference data: languages, brands, categories, attributes, grades
-- and their translations, a few hundred rows that change when an admin
-- edits them, never with an offer.
--
-- A listing used to read them again on every cache miss (CATALOG_CONTEXT:
-- eight subqueries, a third of PostgreSQL's work for a category page).
-- Workers now keep them in memory (app/domain/catalog_ref.c) and read
-- catalog_reference.version in the same round trip as the listing's rows;
-- any change to those tables bumps it, and a worker that sees a version it
-- has not loaded reloads them before answering. A renamed brand shows at
-- the next request, exactly as when the names came with every page.

CREATE TABLE catalog_reference (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint NOT NULL DEFAULT 1
);
INSERT INTO catalog_reference DEFAULT VALUES;

CREATE FUNCTION catalog_reference_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_reference SET version = version + 1;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['languages', 'brands', 'categories', 'category_i18n',
                             'attributes', 'attribute_i18n', 'category_attributes',
                             'grades', 'grade_i18n'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION catalog_reference_bump()',
                       t || '_reference', t);
    END LOOP;
END
$$;
