-- Markets are data: opening a country is a migration (and a .po file),
-- never code. VAT is in basis points (2000 = 20 %) so no floating point
-- ever touches money.
CREATE TABLE markets (
    code          text PRIMARY KEY CHECK (code ~ '^[a-z]{2}-[a-z]{2}$'),
    country       char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    locale        text NOT NULL,
    vat_rate_bp   integer NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
    prices_include_vat boolean NOT NULL DEFAULT true,
    return_days   integer NOT NULL DEFAULT 30 CHECK (return_days >= 14),
    name          text NOT NULL,
    language_name text NOT NULL,
    position      integer NOT NULL DEFAULT 0,
    active        boolean NOT NULL DEFAULT true
);

INSERT INTO markets
    (code, country, currency, locale, vat_rate_bp, return_days, name, language_name, position)
VALUES
    ('en-us', 'US', 'USD', 'en_US', 0,    30, 'United States',  'English', 1),
    ('en-gb', 'GB', 'GBP', 'en_GB', 2000, 30, 'United Kingdom', 'English', 2),
    ('fr-fr', 'FR', 'EUR', 'fr_FR', 2000, 30, 'France',         'Français', 3),
    ('de-de', 'DE', 'EUR', 'de_DE', 1900, 30, 'Deutschland',    'Deutsch', 4),
    ('es-es', 'ES', 'EUR', 'es_ES', 2100, 30, 'España',         'Español', 5);

-- US prices are shown before sales tax, as shoppers there expect.
UPDATE markets SET prices_include_vat = false WHERE code = 'en-us';
