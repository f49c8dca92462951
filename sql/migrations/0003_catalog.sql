-- Catalog: languages, the category tree, brands, typed attributes, device
-- models (products) and their variants, the four grades, the selling details
-- of sellers, offers, the listing read model, full-text search, price
-- history and the price when new.
--
-- Design notes
--
-- * Translations live in *_i18n tables keyed by (thing, lang), not in jsonb:
--   foreign keys keep the language list honest, UNIQUE (lang, slug) makes a
--   translated slug routable and unique per language (jsonb cannot do
--   that), and one index lookup finds a category by its slug.
--   Device names ("iPhone 13", "PlayStation 5") and brand names are not
--   translated; category names and slugs, grade and attribute labels are.
-- * Money is bigint minor units, always next to its currency; an offer's
--   currency must be its market's (a composite foreign key).
-- * Grades are an ordered enum, best first, so ORDER BY grade lists premium
--   first, and a table (grades, grade_i18n) holds the public definitions.
-- * Constraints live here, not only in C: prices > 0, stock >= 0, warranty
--   >= 12 months, one offer per seller/variant/grade/market, currency of the
--   market, battery floor of the grade, a category tree without cycles,
--   typed attributes that match their declared type.
-- * Listing pages read product_prices, a read model kept exact by triggers
--   on offers, sellers, variants and products: one row per (product,
--   market) with live offers, with its lowest price overall and per grade,
--   so a category page is an index range scan in price, newest or popular
--   order with keyset pagination, never an aggregate over all offers.
-- * Search reads product_search: one row per (product, language) with a
--   tsvector built with the language's unaccenting configuration and an
--   unaccented lower-case name for the pg_trgm typo fallback; triggers
--   keep it in step with products, brands and category names.
--
-- Extensions: unaccent and pg_trgm are "trusted" extensions (PostgreSQL
-- 13+), so the owner of the database (or any role with CREATE on it) may
-- create them without being a superuser. IF NOT EXISTS lets an operator
-- pre-create them as a superuser where the application role lacks that
-- right. Both are expected in schema public.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (its dictionary could be changed); this wrapper
-- names the dictionary explicitly so it can be IMMUTABLE and used in stored
-- values and indexes. Used for the trigram text and for the search term.
CREATE FUNCTION rebound_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN public.unaccent('public.unaccent'::regdictionary, $1);

-- One text search configuration per language: the language's stemmer,
-- preceded by unaccent so "ecouteurs" finds "écouteurs".
CREATE TEXT SEARCH CONFIGURATION rebound_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION rebound_en
    ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION rebound_fr (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION rebound_fr
    ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
CREATE TEXT SEARCH CONFIGURATION rebound_de (COPY = pg_catalog.german);
ALTER TEXT SEARCH CONFIGURATION rebound_de
    ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, german_stem;
CREATE TEXT SEARCH CONFIGURATION rebound_es (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION rebound_es
    ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, spanish_stem;

-- ---------------------------------------------------------------------------
-- Languages and markets

-- The languages the catalog is translated into. ts_config names the text
-- search configuration (kept as text, not regconfig, so pg_upgrade works);
-- queries cast it: websearch_to_tsquery(l.ts_config::regconfig, $q).
CREATE TABLE languages (
    code      text PRIMARY KEY CHECK (code ~ '^[a-z]{2}$'),
    name      text NOT NULL,
    ts_config text NOT NULL
);
INSERT INTO languages (code, name, ts_config) VALUES
    ('en', 'English',  'rebound_en'),
    ('fr', 'Français', 'rebound_fr'),
    ('de', 'Deutsch',  'rebound_de'),
    ('es', 'Español',  'rebound_es');

-- A market's language is its locale's ('fr_FR' -> 'fr'): en-us and en-gb
-- share 'en'. (code, currency) is unique so offers and prices can refer to
-- both at once, which makes "currency matches the market" a foreign key.
ALTER TABLE markets
    ADD COLUMN language text GENERATED ALWAYS AS (lower(left(locale, 2))) STORED;
ALTER TABLE markets
    ADD CONSTRAINT markets_language_fkey FOREIGN KEY (language) REFERENCES languages (code),
    ADD CONSTRAINT markets_code_currency_key UNIQUE (code, currency);

-- ---------------------------------------------------------------------------
-- Category tree

-- path is the ids from the root down to the row itself, kept by triggers:
-- descendants of c are "path @> ARRAY[c]", the breadcrumb is path itself.
-- The table stays small (tens of rows), so it needs no index beyond its key.
CREATE TABLE categories (
    id         serial PRIMARY KEY,
    parent_id  integer REFERENCES categories (id),
    path       integer[] NOT NULL,
    position   integer NOT NULL DEFAULT 0,
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id),
    CHECK (path[cardinality(path)] = id AND cardinality(path) BETWEEN 1 AND 6),
    CHECK ((parent_id IS NULL) = (cardinality(path) = 1))
);
CREATE INDEX categories_parent ON categories (parent_id, position);

CREATE FUNCTION categories_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent_path integer[];
BEGIN
    -- The splice of categories_move_subtree (a nested update that leaves
    -- parent_id alone) keeps the path it computed.
    IF TG_OP = 'UPDATE' AND NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id
       AND pg_trigger_depth() > 1 THEN
        RETURN NEW;
    END IF;
    IF NEW.parent_id IS NULL THEN
        NEW.path := ARRAY[NEW.id];
    ELSE
        SELECT path INTO parent_path FROM categories WHERE id = NEW.parent_id;
        IF NEW.id = ANY (parent_path) THEN
            RAISE EXCEPTION 'category % cannot be moved under its own descendant %',
                NEW.id, NEW.parent_id USING ERRCODE = 'check_violation';
        END IF;
        NEW.path := parent_path || NEW.id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER categories_set_path BEFORE INSERT OR UPDATE OF parent_id, path
    ON categories FOR EACH ROW EXECUTE FUNCTION categories_set_path();

-- Moving a category moves its subtree: splice the new prefix into every
-- descendant's path.
CREATE FUNCTION categories_move_subtree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.path IS DISTINCT FROM OLD.path THEN
        UPDATE categories c
           SET path = NEW.path || c.path[cardinality(OLD.path) + 1:]
         WHERE c.path[1:cardinality(OLD.path)] = OLD.path AND c.id <> NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER categories_move_subtree AFTER UPDATE OF parent_id ON categories
    FOR EACH ROW EXECUTE FUNCTION categories_move_subtree();

CREATE TABLE category_i18n (
    category_id integer NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    lang        text NOT NULL REFERENCES languages (code),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    slug        text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    PRIMARY KEY (category_id, lang)
);
-- GET /{m}/c/{slug}: the category by its slug in the market's language.
CREATE UNIQUE INDEX category_i18n_slug ON category_i18n (lang, slug);

-- ---------------------------------------------------------------------------
-- Brands

CREATE TABLE brands (
    id         serial PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Typed attributes

-- The vocabulary of typed attributes a product or a variant may carry in
-- its attrs jsonb: {"screen_in": 6.1, "chip": "A15 Bionic", "5g": true}.
-- kind is the JSON type a value must have; facet says how the listing
-- offers it (values: one checkbox per value; range: min/max).
CREATE TABLE attributes (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9_]{0,39}$'),
    kind     text NOT NULL CHECK (kind IN ('number', 'text', 'boolean')),
    unit     text NOT NULL DEFAULT '' CHECK (length(unit) <= 10),
    facet    text NOT NULL DEFAULT 'none' CHECK (facet IN ('none', 'values', 'range')),
    position integer NOT NULL DEFAULT 0
);

CREATE TABLE attribute_i18n (
    attribute_code text NOT NULL REFERENCES attributes (code) ON UPDATE CASCADE ON DELETE CASCADE,
    lang           text NOT NULL REFERENCES languages (code),
    label          text NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
    PRIMARY KEY (attribute_code, lang)
);

-- Which attributes a category shows (product page table, listing facets),
-- in order. Products of a subcategory inherit its ancestors' list.
CREATE TABLE category_attributes (
    category_id    integer NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    attribute_code text NOT NULL REFERENCES attributes (code) ON UPDATE CASCADE ON DELETE CASCADE,
    position       integer NOT NULL DEFAULT 0,
    PRIMARY KEY (category_id, attribute_code)
);

INSERT INTO attributes (code, kind, unit, facet, position) VALUES
    ('screen_in',     'number',  'in',  'range',  10),
    ('chip',          'text',    '',    'values', 20),
    ('connectivity',  'text',    '',    'values', 30),
    ('os',            'text',    '',    'values', 40),
    ('camera_mp',     'number',  'MP',  'range',  50),
    ('battery_mah',   'number',  'mAh', 'none',   60),
    ('dual_sim',      'boolean', '',    'values', 70),
    ('form_factor',   'text',    '',    'values', 80),
    ('anc',           'boolean', '',    'values', 90),
    ('wireless',      'boolean', '',    'values', 100),
    ('battery_hours', 'number',  'h',   'range',  110),
    ('water_rating',  'text',    '',    'values', 120),
    ('sensor',        'text',    '',    'values', 130),
    ('mount',         'text',    '',    'values', 140),
    ('resolution',    'text',    '',    'values', 150),
    ('weight_g',      'number',  'g',   'none',   160),
    ('gps',           'boolean', '',    'values', 170),
    ('colour_screen', 'boolean', '',    'values', 180),
    -- variant-level extras (storage, colour, lock, eSIM, region are columns)
    ('keyboard',      'text',    '',    'values', 500),
    ('case_mm',       'number',  'mm',  'values', 510),
    ('cellular',      'boolean', '',    'values', 520),
    ('edition',       'text',    '',    'values', 530),
    ('kit',           'text',    '',    'values', 540);

INSERT INTO attribute_i18n (attribute_code, lang, label)
SELECT a.code, l.lang, l.label
  FROM (VALUES
    ('screen_in',     'Screen size',      'Taille d''écran',       'Bildschirmgröße',   'Tamaño de pantalla'),
    ('chip',          'Processor',        'Processeur',            'Prozessor',         'Procesador'),
    ('connectivity',  'Connectivity',     'Connectivité',          'Konnektivität',     'Conectividad'),
    ('os',            'Operating system', 'Système d''exploitation','Betriebssystem',   'Sistema operativo'),
    ('camera_mp',     'Main camera',      'Appareil photo principal','Hauptkamera',     'Cámara principal'),
    ('battery_mah',   'Battery capacity', 'Capacité de la batterie','Akkukapazität',    'Capacidad de la batería'),
    ('dual_sim',      'Dual SIM',         'Double SIM',            'Dual-SIM',          'Doble SIM'),
    ('form_factor',   'Type',             'Type',                  'Bauform',           'Tipo'),
    ('anc',           'Noise cancelling', 'Réduction de bruit',    'Geräuschunterdrückung','Cancelación de ruido'),
    ('wireless',      'Wireless',         'Sans fil',              'Kabellos',          'Inalámbrico'),
    ('battery_hours', 'Battery life',     'Autonomie',             'Akkulaufzeit',      'Autonomía'),
    ('water_rating',  'Water resistance', 'Résistance à l''eau',   'Wasserschutz',      'Resistencia al agua'),
    ('sensor',        'Sensor',           'Capteur',               'Sensor',            'Sensor'),
    ('mount',         'Lens mount',       'Monture',               'Objektivanschluss', 'Montura'),
    ('resolution',    'Resolution',       'Résolution',            'Auflösung',         'Resolución'),
    ('weight_g',      'Weight',           'Poids',                 'Gewicht',           'Peso'),
    ('gps',           'GPS',              'GPS',                   'GPS',               'GPS'),
    ('colour_screen', 'Colour screen',    'Écran couleur',         'Farbdisplay',       'Pantalla a color'),
    ('keyboard',      'Keyboard',         'Clavier',               'Tastatur',          'Teclado'),
    ('case_mm',       'Case size',        'Taille du boîtier',     'Gehäusegröße',      'Tamaño de la caja'),
    ('cellular',      'Cellular',         'Cellulaire',            'Mobilfunk',         'Datos móviles'),
    ('edition',       'Edition',          'Édition',               'Edition',           'Edición'),
    ('kit',           'Kit',              'Kit',                   'Set',               'Kit')
  ) AS t (code, en, fr, de, es)
  JOIN attributes a ON a.code = t.code
  CROSS JOIN LATERAL (VALUES ('en', t.en), ('fr', t.fr), ('de', t.de), ('es', t.es)) AS l (lang, label);

-- Every key of an attrs object must be a declared attribute, its value of
-- the declared kind.
CREATE FUNCTION catalog_check_attrs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(format('%s (%s)', e.key, jsonb_typeof(e.value)), ', ')
      INTO bad
      FROM jsonb_each(NEW.attrs) e
      LEFT JOIN attributes a ON a.code = e.key
     WHERE a.code IS NULL
        OR jsonb_typeof(e.value) <> CASE a.kind WHEN 'number' THEN 'number'
                                                WHEN 'text' THEN 'string'
                                                ELSE 'boolean' END;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION '%: undeclared attribute or value of the wrong type: %', TG_TABLE_NAME, bad
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

-- ---------------------------------------------------------------------------
-- Products (device models) and variants

CREATE TABLE products (
    id           bigserial PRIMARY KEY,
    category_id  integer NOT NULL REFERENCES categories (id),
    brand_id     integer NOT NULL REFERENCES brands (id),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 150),  -- without the brand: "iPhone 13"
    slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 160),
    released_on  date NOT NULL CHECK (released_on >= '1990-01-01'),  -- month of release, day 1
    release_year smallint GENERATED ALWAYS AS (extract(year FROM released_on)::smallint) STORED,
    attrs        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attrs) = 'object'),
    keywords     text NOT NULL DEFAULT '' CHECK (length(keywords) <= 500),  -- search aliases: "PS5"
    popularity   integer NOT NULL DEFAULT 0 CHECK (popularity >= 0),  -- 'popular' sort, from sales
    active       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (brand_id, name)           -- also serves the brand foreign key
);
-- Admin catalog list by category; the category foreign key.
CREATE INDEX products_category ON products (category_id, name);
CREATE TRIGGER products_check_attrs BEFORE INSERT OR UPDATE OF attrs ON products
    FOR EACH ROW WHEN (NEW.attrs <> '{}'::jsonb) EXECUTE FUNCTION catalog_check_attrs();

-- A variant is what a shopper picks on the product page and what an offer
-- sells: its typed axes are columns (storage, colour, network lock, eSIM,
-- regional variant); the rarer ones (keyboard layout, case size, edition,
-- kit) are attrs. NULL means "not applicable" (no storage on headphones, no
-- network lock without a modem).
CREATE TABLE variants (
    id            bigserial PRIMARY KEY,
    product_id    bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    sku           text NOT NULL UNIQUE CHECK (sku ~ '^[A-Z0-9][A-Z0-9-]{2,63}$'),
    storage_gb    integer CHECK (storage_gb > 0),
    ram_gb        integer CHECK (ram_gb > 0),
    colour        text NOT NULL DEFAULT '' CHECK (length(colour) <= 40),  -- the maker's name: "Sierra Blue"
    colour_family text CHECK (colour_family IN ('black', 'white', 'grey', 'silver', 'gold',
                      'blue', 'green', 'red', 'pink', 'purple', 'yellow', 'orange', 'brown')),
    network_lock  text CHECK (network_lock IN ('unlocked', 'locked')),
    esim          text CHECK (esim IN ('none', 'esim_and_sim', 'esim_only')),
    region        text NOT NULL DEFAULT 'global'
                  CHECK (region IN ('global', 'eu', 'uk', 'us', 'jp', 'cn', 'intl')),
    attrs         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attrs) = 'object'),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);
-- One variant per combination; leads with product_id, so it also serves
-- "the variants of a product" (product page) and the product foreign key.
CREATE UNIQUE INDEX variants_axes ON variants
    (product_id, storage_gb, ram_gb, colour, network_lock, esim, region, attrs) NULLS NOT DISTINCT;
CREATE TRIGGER variants_check_attrs BEFORE INSERT OR UPDATE OF attrs ON variants
    FOR EACH ROW WHEN (NEW.attrs <> '{}'::jsonb) EXECUTE FUNCTION catalog_check_attrs();

-- ---------------------------------------------------------------------------
-- Grades

CREATE TYPE offer_grade AS ENUM ('premium', 'excellent', 'good', 'fair');

CREATE TABLE grades (
    grade         offer_grade PRIMARY KEY,
    battery_floor smallint NOT NULL CHECK (battery_floor BETWEEN 0 AND 100)  -- percent
);
INSERT INTO grades (grade, battery_floor) VALUES
    ('premium', 90), ('excellent', 85), ('good', 80), ('fair', 80);

CREATE TABLE grade_i18n (
    grade    offer_grade NOT NULL REFERENCES grades (grade),
    lang     text NOT NULL REFERENCES languages (code),
    name     text NOT NULL,
    cosmetic text NOT NULL,  -- the cosmetic condition, in a sentence
    battery  text NOT NULL,  -- the battery promise, in a sentence
    PRIMARY KEY (grade, lang)
);
INSERT INTO grade_i18n (grade, lang, name, cosmetic, battery) VALUES
    ('premium', 'en', 'Premium',
     'Flawless: no visible sign of use, even up close.',
     'Battery health of at least 90 % of its capacity when new.'),
    ('excellent', 'en', 'Excellent',
     'Near flawless: at most faint micro-scratches, invisible at arm''s length.',
     'Battery health of at least 85 % of its capacity when new.'),
    ('good', 'en', 'Good',
     'Light signs of use: small scratches on the body, a flawless screen.',
     'Battery health of at least 80 % of its capacity when new.'),
    ('fair', 'en', 'Fair',
     'Visible signs of use: scratches or small dents on the body, light marks on the screen.',
     'Battery health of at least 80 % of its capacity when new.'),
    ('premium', 'fr', 'Premium',
     'Impeccable : aucune trace d''usage visible, même de près.',
     'Batterie à au moins 90 % de sa capacité d''origine.'),
    ('excellent', 'fr', 'Excellent',
     'Quasi impeccable : tout au plus de fines micro-rayures, invisibles à bout de bras.',
     'Batterie à au moins 85 % de sa capacité d''origine.'),
    ('good', 'fr', 'Très bon état',
     'Légères traces d''usage : petites rayures sur la coque, écran impeccable.',
     'Batterie à au moins 80 % de sa capacité d''origine.'),
    ('fair', 'fr', 'État correct',
     'Traces d''usage visibles : rayures ou petits chocs sur la coque, légères marques sur l''écran.',
     'Batterie à au moins 80 % de sa capacité d''origine.'),
    ('premium', 'de', 'Premium',
     'Makellos: keine sichtbaren Gebrauchsspuren, auch aus der Nähe.',
     'Akkuzustand mindestens 90 % der ursprünglichen Kapazität.'),
    ('excellent', 'de', 'Hervorragend',
     'Nahezu makellos: höchstens feine Mikrokratzer, auf Armlänge unsichtbar.',
     'Akkuzustand mindestens 85 % der ursprünglichen Kapazität.'),
    ('good', 'de', 'Sehr gut',
     'Leichte Gebrauchsspuren: kleine Kratzer am Gehäuse, makelloses Display.',
     'Akkuzustand mindestens 80 % der ursprünglichen Kapazität.'),
    ('fair', 'de', 'Gut',
     'Sichtbare Gebrauchsspuren: Kratzer oder kleine Dellen am Gehäuse, leichte Spuren auf dem Display.',
     'Akkuzustand mindestens 80 % der ursprünglichen Kapazität.'),
    ('premium', 'es', 'Premium',
     'Impecable: sin marcas de uso visibles, ni siquiera de cerca.',
     'Salud de la batería de al menos el 90 % de su capacidad original.'),
    ('excellent', 'es', 'Excelente',
     'Casi impecable: como mucho finos microarañazos, invisibles a un brazo de distancia.',
     'Salud de la batería de al menos el 85 % de su capacidad original.'),
    ('good', 'es', 'Muy bueno',
     'Ligeras marcas de uso: pequeños arañazos en la carcasa, pantalla impecable.',
     'Salud de la batería de al menos el 80 % de su capacidad original.'),
    ('fair', 'es', 'Correcto',
     'Marcas de uso visibles: arañazos o pequeñas abolladuras en la carcasa, ligeras marcas en la pantalla.',
     'Salud de la batería de al menos el 80 % de su capacidad original.');

-- ---------------------------------------------------------------------------
-- Sellers: the selling details (the seller workflow comes later)

-- country and timezone stay NULL-able/defaulted because `rebound user add`
-- creates sellers from the shell with a name only; the application and
-- approval forms require them. quality_score is in basis points (9870 =
-- 98.70 %), like vat_rate_bp: no floating point.
ALTER TABLE sellers
    ADD COLUMN country       char(2) CHECK (country ~ '^[A-Z]{2}$'),
    ADD COLUMN timezone      text NOT NULL DEFAULT 'UTC' CHECK (length(timezone) BETWEEN 1 AND 64),
    ADD COLUMN handling_days smallint NOT NULL DEFAULT 1 CHECK (handling_days BETWEEN 0 AND 10),
    ADD COLUMN cutoff_time   time NOT NULL DEFAULT '14:00',  -- in the seller's timezone
    ADD COLUMN quality_score integer NOT NULL DEFAULT 0 CHECK (quality_score BETWEEN 0 AND 10000),
    ADD COLUMN approved_at   timestamptz,
    ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now();

-- ---------------------------------------------------------------------------
-- Offers

-- One seller's stock of one variant, in one grade, for one market. An offer
-- is "live" when status = 'active' AND stock > 0 and its seller is
-- approved; only live offers are shown or sold. battery_health_min is the
-- battery health every unit sold under the offer has at least (NULL: the
-- device has no battery to measure); it can never be below the grade's
-- floor.
CREATE TABLE offers (
    id                 bigserial PRIMARY KEY,
    seller_id          bigint NOT NULL REFERENCES sellers (id),
    variant_id         bigint NOT NULL REFERENCES variants (id),
    market             text NOT NULL,
    currency           char(3) NOT NULL,
    grade              offer_grade NOT NULL,
    price              bigint NOT NULL CHECK (price > 0 AND price < 10000000000),
    stock              integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
    warranty_months    smallint NOT NULL DEFAULT 12 CHECK (warranty_months BETWEEN 12 AND 60),
    battery_health_min smallint CHECK (battery_health_min BETWEEN 0 AND 100),
    vat_scheme         text NOT NULL DEFAULT 'margin' CHECK (vat_scheme IN ('normal', 'margin')),
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (market, currency) REFERENCES markets (code, currency),
    -- One offer per seller/variant/grade/market. Leads with seller_id: the
    -- seller's listings pages and the seller foreign key.
    CONSTRAINT offers_one_per_seller UNIQUE (seller_id, variant_id, grade, market)
);
-- Product page (best offer per variant and grade: lowest price, then seller
-- quality) and the product_prices refresh: live offers of a variant in a
-- market, in grade and price order.
CREATE INDEX offers_live ON offers (variant_id, market, grade, price)
    WHERE status = 'active' AND stock > 0;
-- The variant foreign key, and every offer of a variant whatever its state
-- (admin, seller "other offers on this variant").
CREATE INDEX offers_variant ON offers (variant_id, market);

CREATE FUNCTION offers_check_battery() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    floor_pct smallint;
BEGIN
    SELECT battery_floor INTO floor_pct FROM grades WHERE grade = NEW.grade;
    IF NEW.battery_health_min < floor_pct THEN
        RAISE EXCEPTION 'battery_health_min % is below the % grade floor of % %%',
            NEW.battery_health_min, NEW.grade, floor_pct USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER offers_check_battery BEFORE INSERT OR UPDATE OF grade, battery_health_min
    ON offers FOR EACH ROW WHEN (NEW.battery_health_min IS NOT NULL)
    EXECUTE FUNCTION offers_check_battery();

CREATE FUNCTION catalog_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER offers_touch BEFORE UPDATE ON offers
    FOR EACH ROW EXECUTE FUNCTION catalog_touch_updated_at();
CREATE TRIGGER products_touch BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION catalog_touch_updated_at();
CREATE TRIGGER sellers_touch BEFORE UPDATE ON sellers
    FOR EACH ROW EXECUTE FUNCTION catalog_touch_updated_at();

-- ---------------------------------------------------------------------------
-- Listing read model

-- One row per (product, market) that has at least one live offer: the
-- product's sort keys and filters, copied from products, and its lowest
-- live price overall and per grade. Written only by
-- catalog_refresh_prices(), which the triggers below call whenever
-- something that changes these values changes; never write it directly.
CREATE TABLE product_prices (
    product_id          bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    market              text NOT NULL REFERENCES markets (code),
    currency            char(3) NOT NULL,
    category_id         integer NOT NULL,
    brand_id            integer NOT NULL,
    released_on         date NOT NULL,
    popularity          integer NOT NULL,
    attrs               jsonb NOT NULL,
    min_price           bigint NOT NULL,
    min_price_premium   bigint,
    min_price_excellent bigint,
    min_price_good      bigint,
    min_price_fair      bigint,
    offer_count         integer NOT NULL,
    storages            integer[] NOT NULL,  -- storage sizes with live offers, ascending
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, market)
);
-- Category listing, sort=price_asc / price_desc (backward scan), keyset on
-- (min_price, product_id); brand and other filters are applied on the range.
CREATE INDEX product_prices_by_price ON product_prices (market, category_id, min_price, product_id);
-- sort=newest, keyset on (released_on, product_id).
CREATE INDEX product_prices_by_newest ON product_prices (market, category_id, released_on DESC, product_id DESC);
-- sort=popular, keyset on (popularity, product_id).
CREATE INDEX product_prices_by_popular ON product_prices (market, category_id, popularity DESC, product_id DESC);

-- Recomputes the product_prices rows of the given products from their live
-- offers. Concurrent refreshes of one product are serialised by locking the
-- products rows first (in id order, so they cannot deadlock); in READ
-- COMMITTED the next statement then sees every change committed meanwhile,
-- so the last refresh always writes the truth.
CREATE FUNCTION catalog_refresh_prices(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM products WHERE id = ANY (p_ids) ORDER BY id FOR NO KEY UPDATE;

    WITH fresh AS (
         SELECT p.id AS product_id, o.market, min(o.currency) AS currency,
                p.category_id, p.brand_id, p.released_on, p.popularity, p.attrs,
                min(o.price) AS min_price,
                min(o.price) FILTER (WHERE o.grade = 'premium') AS min_price_premium,
                min(o.price) FILTER (WHERE o.grade = 'excellent') AS min_price_excellent,
                min(o.price) FILTER (WHERE o.grade = 'good') AS min_price_good,
                min(o.price) FILTER (WHERE o.grade = 'fair') AS min_price_fair,
                count(*)::integer AS offer_count,
                coalesce(array_agg(DISTINCT v.storage_gb ORDER BY v.storage_gb)
                             FILTER (WHERE v.storage_gb IS NOT NULL), '{}') AS storages
           FROM products p
           JOIN variants v ON v.product_id = p.id AND v.active
           JOIN offers o ON o.variant_id = v.id AND o.status = 'active' AND o.stock > 0
           JOIN sellers s ON s.id = o.seller_id AND s.status = 'approved'
          WHERE p.id = ANY (p_ids) AND p.active
          GROUP BY p.id, o.market),
    gone AS (
         DELETE FROM product_prices pp
          WHERE pp.product_id = ANY (p_ids)
            AND NOT EXISTS (SELECT 1 FROM fresh f
                             WHERE f.product_id = pp.product_id AND f.market = pp.market))
    INSERT INTO product_prices AS pp
           (product_id, market, currency, category_id, brand_id, released_on, popularity,
            attrs, min_price, min_price_premium, min_price_excellent, min_price_good,
            min_price_fair, offer_count, storages)
    SELECT product_id, market, currency, category_id, brand_id, released_on, popularity,
           attrs, min_price, min_price_premium, min_price_excellent, min_price_good,
           min_price_fair, offer_count, storages
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
           updated_at = now()
     WHERE (pp.currency, pp.category_id, pp.brand_id, pp.released_on, pp.popularity,
            pp.attrs, pp.min_price, pp.min_price_premium, pp.min_price_excellent,
            pp.min_price_good, pp.min_price_fair, pp.offer_count, pp.storages)
           IS DISTINCT FROM
           (EXCLUDED.currency, EXCLUDED.category_id, EXCLUDED.brand_id,
            EXCLUDED.released_on, EXCLUDED.popularity, EXCLUDED.attrs,
            EXCLUDED.min_price, EXCLUDED.min_price_premium, EXCLUDED.min_price_excellent,
            EXCLUDED.min_price_good, EXCLUDED.min_price_fair, EXCLUDED.offer_count,
            EXCLUDED.storages);
END
$$;

-- Offers: refresh the products whose live offers changed. A stock change
-- that keeps an offer in stock (5 -> 4) changes nothing here, so checkout
-- only pays for a refresh when it sells the last unit.
CREATE FUNCTION offers_refresh_prices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM catalog_refresh_prices(ARRAY(
            SELECT DISTINCT v.product_id FROM new_rows n JOIN variants v ON v.id = n.variant_id
             WHERE n.status = 'active' AND n.stock > 0));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM catalog_refresh_prices(ARRAY(
            SELECT DISTINCT v.product_id FROM old_rows o JOIN variants v ON v.id = o.variant_id
             WHERE o.status = 'active' AND o.stock > 0));
    ELSE
        PERFORM catalog_refresh_prices(ARRAY(
            SELECT DISTINCT v.product_id
              FROM old_rows o
              JOIN new_rows n ON n.id = o.id
              JOIN variants v ON v.id IN (o.variant_id, n.variant_id)
             WHERE (o.status = 'active' AND o.stock > 0) <> (n.status = 'active' AND n.stock > 0)
                OR (n.status = 'active' AND n.stock > 0
                    AND (o.price, o.grade, o.market, o.variant_id, o.seller_id)
                        IS DISTINCT FROM (n.price, n.grade, n.market, n.variant_id, n.seller_id))));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER offers_refresh_prices_ins AFTER INSERT ON offers
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION offers_refresh_prices();
CREATE TRIGGER offers_refresh_prices_upd AFTER UPDATE ON offers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION offers_refresh_prices();
CREATE TRIGGER offers_refresh_prices_del AFTER DELETE ON offers
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION offers_refresh_prices();

-- Sellers: approving or suspending a seller shows or hides all its offers
-- at once.
CREATE FUNCTION sellers_refresh_prices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_refresh_prices(ARRAY(
        SELECT DISTINCT v.product_id
          FROM old_rows o
          JOIN new_rows n ON n.id = o.id AND n.status IS DISTINCT FROM o.status
          JOIN offers f ON f.seller_id = n.id AND f.status = 'active' AND f.stock > 0
          JOIN variants v ON v.id = f.variant_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER sellers_refresh_prices AFTER UPDATE ON sellers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sellers_refresh_prices();

-- Variants: hiding a variant, or changing its storage, changes its
-- product's row.
CREATE FUNCTION variants_refresh_prices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_refresh_prices(ARRAY(
        SELECT DISTINCT x.product_id
          FROM old_rows o
          JOIN new_rows n ON n.id = o.id
           AND (o.active, o.storage_gb, o.product_id) IS DISTINCT FROM (n.active, n.storage_gb, n.product_id)
          CROSS JOIN LATERAL (VALUES (o.product_id), (n.product_id)) x (product_id)));
    RETURN NULL;
END
$$;
CREATE TRIGGER variants_refresh_prices AFTER UPDATE ON variants
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION variants_refresh_prices();

-- ---------------------------------------------------------------------------
-- Search

-- One row per (product, language). document: brand, name and keywords
-- (weight A), the category and its ancestors in that language (B), the
-- text attributes (C), through the language's unaccenting configuration.
-- name_norm: unaccented lower-case brand, name and keywords, for the
-- pg_trgm fallback when the full-text query finds nothing (typos).
-- Written only by catalog_refresh_search(), called by triggers.
CREATE TABLE product_search (
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    lang       text NOT NULL REFERENCES languages (code),
    document   tsvector NOT NULL,
    name_norm  text NOT NULL,
    PRIMARY KEY (product_id, lang)
);
-- GET /{m}/search?q=: document @@ websearch_to_tsquery(cfg, q) AND lang = $l.
CREATE INDEX product_search_document ON product_search USING gin (document);
-- Typo fallback: rebound_unaccent(lower(q)) <% name_norm (word similarity)
-- or name_norm % ..., ordered by similarity.
CREATE INDEX product_search_trgm ON product_search USING gin (name_norm gin_trgm_ops);

CREATE FUNCTION catalog_refresh_search(p_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF p_ids IS NULL OR cardinality(p_ids) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO product_search AS ps (product_id, lang, document, name_norm)
    SELECT p.id, l.code,
           setweight(to_tsvector(l.ts_config::regconfig,
                     b.name || ' ' || p.name || ' ' || p.keywords), 'A')
           || setweight(to_tsvector(l.ts_config::regconfig, coalesce(cat.names, '')), 'B')
           || setweight(to_tsvector(l.ts_config::regconfig, coalesce(att.vals, '')), 'C'),
           rebound_unaccent(lower(b.name || ' ' || p.name || ' ' || p.keywords))
      FROM products p
      JOIN brands b ON b.id = p.brand_id
      JOIN categories c ON c.id = p.category_id
      CROSS JOIN languages l
      LEFT JOIN LATERAL (
           SELECT string_agg(ci.name, ' ') AS names
             FROM category_i18n ci
            WHERE ci.category_id = ANY (c.path) AND ci.lang = l.code) cat ON true
      LEFT JOIN LATERAL (
           SELECT string_agg(e.value #>> '{}', ' ') AS vals
             FROM jsonb_each(p.attrs) e
            WHERE jsonb_typeof(e.value) = 'string') att ON true
     WHERE p.id = ANY (p_ids)
    ON CONFLICT (product_id, lang) DO UPDATE
       SET document = EXCLUDED.document, name_norm = EXCLUDED.name_norm
     WHERE (ps.document, ps.name_norm) IS DISTINCT FROM (EXCLUDED.document, EXCLUDED.name_norm);
END
$$;

-- Products: new ones get their search rows; changes to what is searched
-- or listed refresh search and product_prices.
CREATE FUNCTION products_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_refresh_search(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END
$$;
CREATE TRIGGER products_after_insert AFTER INSERT ON products
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION products_after_insert();

CREATE FUNCTION products_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_refresh_search(ARRAY(
        SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE (o.name, o.keywords, o.brand_id, o.category_id, o.attrs)
               IS DISTINCT FROM (n.name, n.keywords, n.brand_id, n.category_id, n.attrs)));
    PERFORM catalog_refresh_prices(ARRAY(
        SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE (o.category_id, o.brand_id, o.released_on, o.popularity, o.attrs, o.active)
               IS DISTINCT FROM (n.category_id, n.brand_id, n.released_on, n.popularity, n.attrs, n.active)));
    RETURN NULL;
END
$$;
CREATE TRIGGER products_after_update AFTER UPDATE ON products
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION products_after_update();

CREATE FUNCTION brands_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_refresh_search(ARRAY(
        SELECT p.id FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.name <> o.name
          JOIN products p ON p.brand_id = n.id));
    RETURN NULL;
END
$$;
CREATE TRIGGER brands_after_update AFTER UPDATE ON brands
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION brands_after_update();

-- A category's name in any language feeds the documents of every product
-- in it or below it.
CREATE FUNCTION category_i18n_after_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM catalog_refresh_search(ARRAY(
        SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id
         WHERE c.path && ARRAY(SELECT category_id FROM changed_rows)));
    RETURN NULL;
END
$$;
CREATE TRIGGER category_i18n_after_insert AFTER INSERT ON category_i18n
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION category_i18n_after_change();
CREATE TRIGGER category_i18n_after_update AFTER UPDATE ON category_i18n
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION category_i18n_after_change();

-- ---------------------------------------------------------------------------
-- Price history and price when new

-- The daily lowest live price per variant, market and grade, stored as
-- change points: a row says "from this day on, the lowest price was
-- price" (NULL: no live offer), until the next row. A daily job calls
-- catalog_record_price_history(); charts read price_history_daily(), which
-- fills the days in. Prices are in the market's currency.
CREATE TABLE price_history (
    variant_id bigint NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    market     text NOT NULL REFERENCES markets (code),
    grade      offer_grade NOT NULL,
    day        date NOT NULL,
    price      bigint CHECK (price > 0),
    -- Serves the chart (one variant or a model's variants of one storage,
    -- a market, a grade, a window of days) and the daily job.
    PRIMARY KEY (variant_id, market, grade, day)
);

-- Records today's lowest live prices as change points; returns the number
-- of rows written. Run once a day (again the same day: overwrites it).
CREATE FUNCTION catalog_record_price_history(p_day date DEFAULT current_date) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    WITH cur AS (
         SELECT o.variant_id, o.market, o.grade, min(o.price) AS price
           FROM offers o
           JOIN sellers s ON s.id = o.seller_id AND s.status = 'approved'
          WHERE o.status = 'active' AND o.stock > 0
          GROUP BY 1, 2, 3),
    last AS (
         SELECT DISTINCT ON (variant_id, market, grade) variant_id, market, grade, price
           FROM price_history
          WHERE day < p_day
          ORDER BY variant_id, market, grade, day DESC),
    todo AS (
         SELECT coalesce(c.variant_id, l.variant_id) AS variant_id,
                coalesce(c.market, l.market) AS market,
                coalesce(c.grade, l.grade) AS grade, c.price
           FROM cur c
           FULL JOIN last l USING (variant_id, market, grade)
          WHERE c.price IS DISTINCT FROM l.price
            AND (c.price IS NOT NULL OR l.price IS NOT NULL))
    INSERT INTO price_history (variant_id, market, grade, day, price)
    SELECT variant_id, market, grade, p_day, price FROM todo
    ON CONFLICT (variant_id, market, grade, day) DO UPDATE SET price = EXCLUDED.price;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- One row per day from p_from to p_to: the lowest price over the given
-- variants (one variant, or a model's variants of one storage) on that day
-- in that market and grade; NULL where none was on sale.
CREATE FUNCTION price_history_daily(p_variants bigint[], p_market text, p_grade offer_grade,
                                    p_from date, p_to date)
    RETURNS TABLE (day date, price bigint) LANGUAGE sql STABLE AS $$
    SELECT d::date,
           (SELECT min(x.price)
              FROM unnest(p_variants) AS v (id)
              CROSS JOIN LATERAL (
                   SELECT h.price FROM price_history h
                    WHERE h.variant_id = v.id AND h.market = p_market
                      AND h.grade = p_grade AND h.day <= d::date
                    ORDER BY h.day DESC LIMIT 1) x)
      FROM generate_series(p_from, p_to, interval '1 day') AS d
     ORDER BY 1
$$;

-- The maker's price for the variant new, in the market: shown beside the
-- refurbished price ("-38 % vs new").
CREATE TABLE new_prices (
    variant_id bigint NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
    market     text NOT NULL,
    currency   char(3) NOT NULL,
    price      bigint NOT NULL CHECK (price > 0 AND price < 10000000000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (variant_id, market),  -- product page: the variants' new prices
    FOREIGN KEY (market, currency) REFERENCES markets (code, currency)
);
