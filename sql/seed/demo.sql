-- Rebound demo catalog: categories, brands, device models, variants,
-- sellers, offers, price history and prices when new.
--
-- Deterministic (no random(): every "random" choice is hashtext() of a
-- stable key, modulo arithmetic or a generate_series index) and set-based.
-- The size is read from the custom setting rebound.seed_scale (default 1):
--   scale 1 = 12 categories, 40 brands, 1,500 models, ~6,000 variants,
--             80 sellers, ~60,000 offers; scale N multiplies models and
--             sellers (and so variants, offers, history) by N.
--
-- Run it as ONE simple-query string in one transaction, after
--   SET rebound.seed_scale = N;   (or SET LOCAL, or PGOPTIONS)
-- e.g. psql -1 -c "SET rebound.seed_scale = 1" -f sql/seed/demo.sql
--
-- Idempotent: when products already exist it does nothing (NOTICE).
-- The read models (product_prices, product_search) are maintained by the
-- statement-level triggers of 0003_catalog.sql: every insert below is one
-- statement, so they run once per table, set-based.

DO $seed$
DECLARE
    v_scale    integer := coalesce(nullif(current_setting('rebound.seed_scale', true), ''), '1')::integer;
    v_products integer;
    v_sellers  integer;
    n          bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM products) THEN
        RAISE NOTICE 'catalog data exists: nothing to do';
        RETURN;
    END IF;
    IF v_scale < 1 OR v_scale > 1000 THEN
        RAISE EXCEPTION 'rebound.seed_scale must be between 1 and 1000, not %', v_scale;
    END IF;
    v_products := 1500 * v_scale;
    v_sellers  := 80 * v_scale;

    -- -----------------------------------------------------------------
    -- Categories: one row per category with its translations and the
    -- axes its variants vary on.
    CREATE TEMP TABLE seed_cat ON COMMIT DROP AS
    SELECT * FROM (VALUES
      -- pos code          en / fr / de / es names                                                  storages        rams        colours|families                                                                                                    extra key, extra values (json)                         battery
      (1,  'smartphones',  'Smartphones',  'Smartphones',        'Smartphones',   'Smartphones',        '{64,128,256,512}'::int[], NULL::int[], 'Black:black|White:white|Blue:blue|Green:green|Purple:purple|Red:red|Silver:silver|Gold:gold', NULL::text, NULL::jsonb, true),
      (2,  'laptops',      'Laptops',      'Ordinateurs portables','Laptops',     'Portátiles',         '{256,512,1024}',          '{8,16,32}', 'Space Grey:grey|Silver:silver|Black:black',                   'keyboard',  '["QWERTY", "AZERTY"]'::jsonb,             true),
      (3,  'tablets',      'Tablets',      'Tablettes',          'Tablets',       'Tabletas',           '{64,128,256,512}',        NULL,        'Space Grey:grey|Silver:silver|Blue:blue|Pink:pink',          'cellular',  '[false, true]',                           true),
      (4,  'smartwatches', 'Smartwatches', 'Montres connectées', 'Smartwatches',  'Relojes inteligentes', NULL,                    NULL,        'Midnight:black|Starlight:white|Silver:silver|Red:red|Green:green', 'case_mm', '[41, 45]',                             true),
      (5,  'consoles',     'Game consoles','Consoles de jeux',   'Spielkonsolen', 'Consolas',           '{512,1024}',              NULL,        'White:white|Black:black',                                    'edition',   '["Standard", "Bundle"]',                  false),
      (6,  'headphones',   'Headphones',   'Casques et écouteurs','Kopfhörer',    'Auriculares',        NULL,                      NULL,        'Black:black|White:white|Silver:silver|Blue:blue|Green:green|Pink:pink|Beige:brown|Midnight Blue:blue', NULL, NULL, true),
      (7,  'cameras',      'Cameras',      'Appareils photo',    'Kameras',       'Cámaras',            NULL,                      NULL,        'Black:black|Silver:silver',                                  'kit',       '["Body only", "Kit 18-55mm", "Kit 24-105mm"]', true),
      (8,  'e-readers',    'E-readers',    'Liseuses',           'E-Reader',      'Lectores electrónicos', '{8,16,32}',            NULL,        'Black:black|White:white',                                    NULL,        NULL,                                      true),
      (9,  'speakers',     'Speakers',     'Enceintes',          'Lautsprecher',  'Altavoces',          NULL,                      NULL,        'Black:black|White:white|Blue:blue|Red:red|Green:green|Grey:grey|Pink:pink|Sand:brown', NULL, NULL, false),
      (10, 'drones',       'Drones',       'Drones',             'Drohnen',       'Drones',             NULL,                      NULL,        'Grey:grey|White:white',                                      'kit',       '["Standard", "Fly More Combo", "RC Pro bundle"]', true),
      (11, 'monitors',     'Monitors',     'Écrans',             'Monitore',      'Monitores',          NULL,                      NULL,        'Black:black|Silver:silver|White:white',                      'edition',   '["Standard", "Height-adjustable stand"]', false),
      (12, 'accessories',  'Accessories',  'Accessoires',        'Zubehör',       'Accesorios',         NULL,                      NULL,        'Black:black|White:white|Grey:grey|Blue:blue|Pink:pink|Green:green|Red:red|Silver:silver', NULL, NULL, false)
    ) AS t (pos, code, en, fr, de, es, storages, rams, colours, extra_key, extra_vals, battery);

    INSERT INTO categories (position)
    SELECT c.pos FROM seed_cat c
     WHERE NOT EXISTS (SELECT 1 FROM category_i18n ci WHERE ci.lang = 'en' AND ci.slug = c.code)
     ORDER BY c.pos;

    -- The new categories are the ones without any translation yet.
    INSERT INTO category_i18n (category_id, lang, name, slug, description)
    SELECT k.id, l.lang, l.name,
           CASE WHEN l.lang = 'en' THEN s.code  -- the English slug is the code
                ELSE trim(BOTH '-' FROM regexp_replace(lower(rebound_unaccent(l.name)), '[^a-z0-9]+', '-', 'g')) END,
           ''
      FROM (SELECT c.id, row_number() OVER (ORDER BY c.position, c.id) AS rn
              FROM categories c
             WHERE NOT EXISTS (SELECT 1 FROM category_i18n ci WHERE ci.category_id = c.id)) k
      JOIN (SELECT s.*, row_number() OVER (ORDER BY s.pos) AS rn
              FROM seed_cat s
             WHERE NOT EXISTS (SELECT 1 FROM category_i18n ci WHERE ci.lang = 'en' AND ci.slug = s.code)) s
        ON s.rn = k.rn
      CROSS JOIN LATERAL (VALUES ('en', s.en), ('fr', s.fr), ('de', s.de), ('es', s.es)) AS l (lang, name)
     ORDER BY k.id, l.lang;

    ALTER TABLE seed_cat ADD COLUMN id integer;
    UPDATE seed_cat s SET id = ci.category_id
      FROM category_i18n ci WHERE ci.lang = 'en' AND ci.slug = s.code;
    -- Each category's drawing is named after its code (static/img/cat/).
    UPDATE categories c SET icon = s.code FROM seed_cat s WHERE c.id = s.id AND c.icon <> s.code;

    INSERT INTO category_attributes (category_id, attribute_code, position)
    SELECT s.id, a.code, a.ord * 10
      FROM seed_cat s
      JOIN (VALUES
        ('smartphones',  '{screen_in,chip,os,connectivity,camera_mp,battery_mah,dual_sim}'::text[]),
        ('laptops',      '{screen_in,chip,os,weight_g}'),
        ('tablets',      '{screen_in,chip,os,camera_mp}'),
        ('smartwatches', '{os,gps,water_rating,battery_hours}'),
        ('consoles',     '{form_factor,resolution}'),
        ('headphones',   '{form_factor,anc,wireless,battery_hours}'),
        ('cameras',      '{sensor,mount,camera_mp,resolution,weight_g}'),
        ('e-readers',    '{screen_in,colour_screen,water_rating}'),
        ('speakers',     '{wireless,battery_hours,water_rating}'),
        ('drones',       '{camera_mp,resolution,battery_hours,weight_g}'),
        ('monitors',     '{screen_in,resolution}'),
        ('accessories',  '{form_factor,wireless}')
      ) AS ca (code, attrs) ON ca.code = s.code
      CROSS JOIN LATERAL unnest(ca.attrs) WITH ORDINALITY AS a (code, ord)
    ON CONFLICT DO NOTHING;

    -- -----------------------------------------------------------------
    -- Device models: per brand series x generations x suffixes.
    -- gens and suffixes are '|'-separated; %s in tmpl is the generation.
    -- year0/ystep date the first generation and the pace of the next ones;
    -- base is the typical refurbished price in USD of the first generation.
    CREATE TEMP TABLE seed_series ON COMMIT DROP AS
    SELECT row_number() OVER () AS sid, t.*
      FROM (VALUES
      -- brand, category, template, generations, suffixes, year0, ystep, base USD, keywords
      ('Apple','smartphones','iPhone %s','8|X|XS|11|12|13|14|15',' | Plus| Pro| Pro Max| mini',2017,0.9,380,'iphone %s'),
      ('Apple','smartphones','iPhone SE (%s)','2nd generation|3rd generation','',2020,2,220,'iphone se'),
      ('Samsung','smartphones','Galaxy S%s','10|20|21|22|23|24','|+| Ultra| FE|e',2019,1,330,'samsung s%s'),
      ('Samsung','smartphones','Galaxy Note%s','9|10|20','| Lite|+| Ultra',2018,1,300,'note %s'),
      ('Samsung','smartphones','Galaxy A%s','12|13|14|15|51|52|53|54','| 5G|s',2020,0.5,120,NULL),
      ('Samsung','smartphones','Galaxy Z Flip%s','3|4|5|6','',2021,1,420,'flip %s'),
      ('Samsung','smartphones','Galaxy Z Fold%s','3|4|5|6','',2021,1,720,'fold %s'),
      ('Google','smartphones','Pixel %s','4|5|6|7|8','| XL| Pro|a',2019,1,260,'google pixel %s'),
      ('OnePlus','smartphones','%s','8|9|10|11|12','| Pro|T|R',2020,1,270,'oneplus %s'),
      ('OnePlus','smartphones','Nord %s','2|CE 2|CE 3|3|N10|N20','| 5G| Lite',2020,0.6,160,NULL),
      ('Xiaomi','smartphones','%s','11|12|13|14','| Pro| Ultra|T| Lite',2021,1,260,'xiaomi %s'),
      ('Xiaomi','smartphones','Redmi Note %s','9|10|11|12|13','| Pro| Pro+| 5G|S',2020,1,110,'redmi %s'),
      ('Xiaomi','smartphones','POCO %s','X3|X4|X5|F3|F4|F5','| Pro| GT|NFC',2020,0.6,150,'poco'),
      ('Motorola','smartphones','Moto G%s','30|50|60|73|84|100','| 5G| Power| Stylus| Play',2021,0.5,100,'moto'),
      ('Motorola','smartphones','Edge %s','20|30|40|50','| Pro| Neo| Ultra| Fusion',2021,1,250,NULL),
      ('Motorola','smartphones','Razr %s','2022|40|50','| Ultra',2022,1,420,'razr'),
      ('Sony','smartphones','Xperia %s','1 II|1 III|1 IV|1 V|5 II|5 III|5 IV|5 V|10 II|10 III|10 IV|10 V','| Compact',2020,0.35,260,'xperia'),
      ('Nokia','smartphones','%s','G10|G20|G21|G22|G42|G50|X10|X20|X30|XR20|C32','| 5G',2021,0.25,90,'nokia'),
      ('Oppo','smartphones','Find X%s','2|3|5|6','| Pro| Lite| Neo',2020,1,300,'find x%s'),
      ('Oppo','smartphones','Reno%s','4|5|6|7|8|10','| Pro| Z| Lite| 5G',2020,0.6,180,'reno'),
      ('Oppo','smartphones','A%s','54|74|76|78|94|96|98','| 5G| s',2021,0.4,100,NULL),
      ('Huawei','smartphones','P%s','30|40|50|60','| Pro| lite| Pro+',2019,1,230,'huawei p%s'),
      ('Huawei','smartphones','Mate %s','20|30|40|50','| Pro| Lite| X',2018,1,280,'mate'),
      ('Huawei','smartphones','nova %s','5T|8i|9|10|11','| SE| Pro',2019,1,150,NULL),
      ('Fairphone','smartphones','%s','3|4|5','|+',2019,1.8,250,'fairphone %s'),
      ('Asus','smartphones','Zenfone %s','8|9|10|11','| Flip| Ultra',2021,1,300,'zenfone'),
      ('Asus','smartphones','ROG Phone %s','5|6|7|8','| Pro| Ultimate|s',2021,1,420,'rog phone'),
      ('Apple','laptops','MacBook Air 13" (%s)','2018|2019|2020|M1, 2020|M2, 2022|M3, 2024','',2018,1,420,'macbook air'),
      ('Apple','laptops','MacBook Air 15" (%s)','M2, 2023|M3, 2024','',2023,1,900,'macbook air'),
      ('Apple','laptops','MacBook Pro 13" (%s)','2017|2018|2019|2020|M1, 2020|M2, 2022','| Touch Bar',2017,1,480,'macbook pro'),
      ('Apple','laptops','MacBook Pro 14" (%s)','M1 Pro, 2021|M1 Max, 2021|M2 Pro, 2023|M2 Max, 2023|M3, 2023|M3 Pro, 2023|M3 Max, 2023','',2021,0.4,1200,'macbook pro'),
      ('Apple','laptops','MacBook Pro 16" (%s)','2019|M1 Pro, 2021|M1 Max, 2021|M2 Pro, 2023|M2 Max, 2023|M3 Pro, 2023|M3 Max, 2023','',2019,0.7,1400,'macbook pro'),
      ('Lenovo','laptops','ThinkPad X1 Carbon Gen %s','5|6|7|8|9|10|11','',2017,1,520,'thinkpad x1'),
      ('Lenovo','laptops','ThinkPad X1 Yoga Gen %s','4|5|6|7|8','',2019,1,600,'thinkpad yoga'),
      ('Lenovo','laptops','ThinkPad T14 Gen %s','1|2|3|4','| (AMD)|s',2020,1,380,'thinkpad t14'),
      ('Lenovo','laptops','ThinkPad T480%s','|s','',2018,0,260,'thinkpad'),
      ('Lenovo','laptops','ThinkPad L%s','13|14|15','| Gen 2| Gen 3| Gen 4',2020,1,280,'thinkpad'),
      ('Lenovo','laptops','IdeaPad %s','3 14|3 15|5 14|5 15|Slim 5|Slim 7|Flex 5','| Pro',2020,0.4,280,'ideapad'),
      ('Lenovo','laptops','Legion %s','5|5 Pro|7|Slim 5|Slim 7','| Gen 6| Gen 7| Gen 8',2021,0.5,700,'legion'),
      ('Dell','laptops','XPS 13 %s','9360|9370|9380|9300|9310|9315|9320|9340','| 2-in-1',2017,0.9,380,'xps 13'),
      ('Dell','laptops','XPS 15 %s','9560|9570|9500|9510|9520|9530','| OLED',2017,1,600,'xps 15'),
      ('Dell','laptops','XPS 17 %s','9700|9710|9720|9730','',2020,1,900,'xps 17'),
      ('Dell','laptops','Latitude %s','5400|5410|5420|5430|5440|7400|7410|7420|7430|7440|9420|9430','| 2-in-1',2019,0.3,330,'latitude'),
      ('Dell','laptops','Inspiron %s','14 5410|14 5420|14 5430|15 3520|16 5620|16 Plus','| 2-in-1',2021,0.4,300,'inspiron'),
      ('HP','laptops','EliteBook 840 G%s','5|6|7|8|9|10','',2018,1,300,'elitebook'),
      ('HP','laptops','EliteBook %s','830 G7|830 G8|850 G7|850 G8|x360 1030 G7|x360 1040 G8','',2020,0.4,380,'elitebook'),
      ('HP','laptops','Spectre x360 %s','13|14|15|16','| (2021)| (2022)| (2023)',2020,0.7,650,'spectre'),
      ('HP','laptops','Envy %s','13|15|x360 13|x360 15|16','| (2021)| (2022)',2020,0.5,450,'envy'),
      ('HP','laptops','Pavilion %s','14|15|x360 14|Aero 13|Plus 14','| (2021)| (2022)',2020,0.5,300,'pavilion'),
      ('HP','laptops','ZBook Firefly %s','14 G7|14 G8|14 G9|15 G7|15 G8|16 G9','',2020,0.5,600,'zbook'),
      ('Microsoft','laptops','Surface Laptop %s','3|4|5|Go|Go 2|Go 3|Studio|Studio 2','| 13.5"| 15"',2019,0.5,520,'surface laptop'),
      ('Microsoft','laptops','Surface Book %s','2|3','| 13.5"| 15"',2017,2,600,'surface book'),
      ('Asus','laptops','ZenBook %s','13|14|14 OLED|S 13|Flip 14|Duo 14|Pro 15','| UX| (2022)| (2023)',2020,0.5,480,'zenbook'),
      ('Asus','laptops','ROG Zephyrus %s','G14|G15|G16|M16|Duo 16','| (2021)| (2022)| (2023)',2020,0.6,900,'zephyrus'),
      ('Asus','laptops','VivoBook %s','14|15|S14|S15|Pro 15|Flip 14','| OLED| (2022)',2020,0.5,280,'vivobook'),
      ('Asus','laptops','TUF Gaming %s','A15|A17|F15|F17|Dash F15','| (2021)| (2022)',2020,0.5,550,'tuf'),
      ('Acer','laptops','Swift %s','1|3|5|7|Go 14|X|Edge 16','| (2021)| (2022)',2020,0.5,350,'swift'),
      ('Acer','laptops','Aspire %s','1|3|5|7|Vero','| (2021)| (2022)',2020,0.5,250,'aspire'),
      ('Acer','laptops','Nitro %s','5|V 15|16|17','| (2021)| (2022)',2020,0.7,550,'nitro'),
      ('Acer','laptops','Predator Helios %s','300|Neo 16|16|18','| (2022)| (2023)',2020,0.8,900,'helios'),
      ('Razer','laptops','Blade %s','14|15|15 Advanced|17|Stealth 13','| (2021)| (2022)| (2023)',2020,0.6,1100,'razer blade'),
      ('MSI','laptops','Prestige %s','14|15|16|13 Evo','| (2021)| (2022)| (2023)',2020,0.7,600,'prestige'),
      ('MSI','laptops','Katana %s','GF66|15|17','| (2022)| (2023)',2021,0.8,650,'katana'),
      ('MSI','laptops','Modern %s','14|15|14 B11|15 B12','| (2021)| (2022)',2020,0.7,350,'modern'),
      ('MSI','laptops','Stealth %s','15M|14 Studio|16 Studio|17 Studio|GS66','| (2022)| (2023)',2021,0.5,1200,'stealth'),
      ('Huawei','laptops','MateBook %s','X Pro|X|13|14|14s|D 14|D 15|16s','| (2021)| (2022)| (2023)',2019,0.5,450,'matebook'),
      ('Samsung','laptops','Galaxy Book%s','|2|3|4','| Pro| Pro 360| 360| Ultra',2020,1,480,'galaxy book'),
      ('Apple','tablets','iPad (%s)','7th generation|8th generation|9th generation|10th generation','',2019,1,190,'ipad'),
      ('Apple','tablets','iPad Air (%s)','3rd generation|4th generation|5th generation|M2','| 13"',2019,1.2,330,'ipad air'),
      ('Apple','tablets','iPad Pro %s','11" (2018)|12.9" (2018)|11" (2020)|12.9" (2020)|11" (2021)|12.9" (2021)|11" (2022)|12.9" (2022)|11" (M4)|13" (M4)','',2018,0.6,520,'ipad pro'),
      ('Apple','tablets','iPad mini (%s)','5th generation|6th generation|A17 Pro','',2019,2,260,'ipad mini'),
      ('Samsung','tablets','Galaxy Tab S%s','6|7|8|9','| Lite|+| Ultra| FE',2019,1,300,'galaxy tab'),
      ('Samsung','tablets','Galaxy Tab A%s','7|8|9','| Lite|+',2020,1.2,120,'galaxy tab'),
      ('Samsung','tablets','Galaxy Tab Active%s','3|4 Pro|5','',2020,1.5,260,'galaxy tab active'),
      ('Lenovo','tablets','Tab %s','P11|P11 Pro|P12|M8|M10|M10 Plus|Extreme','| (2nd Gen)| (3rd Gen)',2020,0.5,150,'lenovo tab'),
      ('Lenovo','tablets','Yoga Tab %s','11|13|Pad Pro','',2021,0.5,260,'yoga tab'),
      ('Microsoft','tablets','Surface Pro %s','6|7|7+|8|9|X','| LTE',2018,1,450,'surface pro'),
      ('Microsoft','tablets','Surface Go %s','|2|3|4','| LTE',2018,1.5,220,'surface go'),
      ('Xiaomi','tablets','Pad %s','5|6|6S Pro|Redmi Pad|Redmi Pad SE','| Pro',2021,0.6,200,'xiaomi pad'),
      ('Amazon','tablets','Fire %s','7|HD 8|HD 10|Max 11','| Plus| Kids| Kids Pro',2019,1,70,'fire tablet'),
      ('Huawei','tablets','MatePad %s','11|11.5|Pro 10.8|Pro 11|Pro 12.6|Air|T 10s','| (2023)',2020,0.5,220,'matepad'),
      ('Asus','tablets','ROG Flow Z13%s','| (2023)','',2022,1,900,'flow z13'),
      ('Apple','smartwatches','Watch Series %s','3|4|5|6|7|8|9','| Cellular| Edition',2017,1,140,'apple watch'),
      ('Apple','smartwatches','Watch SE (%s)','1st generation|2nd generation','| Cellular',2020,2,150,'apple watch se'),
      ('Apple','smartwatches','Watch Ultra%s','| 2','',2022,1,520,'apple watch ultra'),
      ('Samsung','smartwatches','Galaxy Watch%s','3|4|5|6|Active|Active 2','| Classic| Pro| LTE',2020,0.6,140,'galaxy watch'),
      ('Google','smartwatches','Pixel Watch%s','| 2','| LTE',2022,1,200,'pixel watch'),
      ('Garmin','smartwatches','Forerunner %s','55|165|245|255|265|745|945|955|965','| Music| Solar',2019,0.5,170,'forerunner'),
      ('Garmin','smartwatches','Fenix %s','6|6 Pro|7|7 Pro|7X|8','| Solar| Sapphire Solar',2019,0.8,380,'fenix'),
      ('Garmin','smartwatches','Venu %s','2|2 Plus|Sq|Sq 2|3','| Music',2021,0.5,200,'venu'),
      ('Garmin','smartwatches','Instinct %s','2|2 Solar|2X|Crossover','| Tactical| Surf',2021,0.5,180,'instinct'),
      ('Garmin','smartwatches','epix %s','Gen 2|Pro (Gen 2)','| Sapphire',2022,1,520,'epix'),
      ('Fitbit','smartwatches','Versa %s','2|3|4','| Special Edition',2019,1.3,90,'versa'),
      ('Fitbit','smartwatches','Sense%s','| 2','',2020,2,130,'sense'),
      ('Fitbit','smartwatches','Charge %s','4|5|6','| Special Edition',2020,1.5,70,'charge'),
      ('Fitbit','smartwatches','Inspire %s','2|3','',2020,2,50,'inspire'),
      ('Huawei','smartwatches','Watch GT %s','2|2 Pro|3|3 Pro|4|Runner','| 42mm| 46mm',2019,0.8,110,'watch gt'),
      ('Huawei','smartwatches','Watch %s','3|4|4 Pro|Fit 2|Fit 3|Ultimate','| Elegant| Active',2021,0.5,160,NULL),
      ('Amazfit','smartwatches','GTR %s','2|2e|3|3 Pro|4|Mini','',2020,0.6,80,'gtr'),
      ('Amazfit','smartwatches','GTS %s','2|2 Mini|2e|3|4|4 Mini','',2020,0.6,70,'gts'),
      ('Amazfit','smartwatches','%s','Bip U|Bip 3|Bip 5|T-Rex 2|T-Rex Ultra|Balance|Cheetah Pro|Falcon','',2021,0.4,60,'amazfit'),
      ('Sony','consoles','PlayStation 5%s','| Digital Edition| Slim| Slim Digital Edition| Pro','',2020,1,330,'ps5'),
      ('Sony','consoles','PlayStation 4%s','| Slim| Pro','',2013,3,150,'ps4'),
      ('Sony','consoles','PlayStation %s','Portal|VR2|Vita','',2023,0,160,NULL),
      ('Microsoft','consoles','Xbox Series %s','S|X','| Carbon Black| 2TB Galaxy Black',2020,0,270,'xbox'),
      ('Microsoft','consoles','Xbox One %s','|S|X','| All-Digital',2013,2,120,'xbox one'),
      ('Nintendo','consoles','Switch%s','| OLED| Lite| (2019)','',2017,1.4,170,'switch'),
      ('Nintendo','consoles','%s','New 3DS XL|2DS XL|New 2DS XL|3DS','',2015,1,90,'3ds'),
      ('Valve','consoles','Steam Deck %s','LCD|OLED','| 64GB| 256GB| 512GB| 1TB',2022,1.5,330,'steam deck'),
      ('Asus','consoles','ROG Ally%s','| X','| Z1| Z1 Extreme',2023,1,450,'rog ally'),
      ('Lenovo','consoles','Legion Go%s','','',2023,0,480,'legion go'),
      ('Apple','headphones','AirPods %s','(2nd generation)|(3rd generation)|(4th generation)|Pro|Pro (2nd generation)|Max','| with MagSafe Case| USB-C',2019,0.8,110,'airpods'),
      ('Sony','headphones','WH-1000XM%s','3|4|5','',2018,2,190,'xm%s'),
      ('Sony','headphones','WF-1000XM%s','3|4|5','',2019,2,150,'xm%s'),
      ('Sony','headphones','%s','WH-CH520|WH-CH720N|WH-XB910N|WF-C500|WF-C700N|LinkBuds|LinkBuds S|INZONE H9','',2021,0.4,70,NULL),
      ('Bose','headphones','QuietComfort %s','35 II|45|Ultra|Earbuds|Earbuds II|Ultra Earbuds|SE','| Limited Edition',2018,0.8,170,'qc'),
      ('Bose','headphones','%s','Noise Cancelling Headphones 700|Sport Earbuds|SoundLink Flex Headphones|Ultra Open Earbuds','',2019,1,130,'bose'),
      ('JBL','headphones','Tune %s','510BT|520BT|710BT|760NC|770NC|Flex|Beam|230NC','',2021,0.3,40,'jbl tune'),
      ('JBL','headphones','Live %s','460NC|660NC|Pro 2|Free 2|770NC|Beam 3','',2021,0.4,80,'jbl live'),
      ('JBL','headphones','%s','Quantum 800|Quantum 910|Club One|Reflect Flow Pro|Endurance Peak 3','',2020,0.6,90,NULL),
      ('Sennheiser','headphones','Momentum %s','3 Wireless|4 Wireless|True Wireless 2|True Wireless 3|Sport','',2019,1,170,'momentum'),
      ('Sennheiser','headphones','%s','HD 450BT|HD 458BT|HD 660S|HD 660S2|CX Plus|CX True Wireless|Accentum|Accentum Plus','',2020,0.5,110,NULL),
      ('Jabra','headphones','Elite %s','65t|75t|85t|85h|3|4|4 Active|5|7 Pro|7 Active|10','',2018,0.5,70,'elite'),
      ('Marshall','headphones','%s','Major III|Major IV|Major V|Monitor II A.N.C.|Mode II|Motif A.N.C.|Minor III|Motif II A.N.C.','',2019,0.6,90,'marshall'),
      ('Samsung','headphones','Galaxy Buds%s','|+| Live| Pro|2| FE|2 Pro|3|3 Pro','',2019,0.6,60,'buds'),
      ('Google','headphones','Pixel Buds %s','A-Series|Pro|Pro 2|(2020)','',2020,1,80,'pixel buds'),
      ('Xiaomi','headphones','%s','Redmi Buds 3|Redmi Buds 4|Redmi Buds 4 Pro|Buds 3T Pro|Buds 4 Pro|Redmi Buds 5 Pro','',2021,0.5,40,NULL),
      ('Nokia','headphones','%s','Clarity Earbuds|Go Earbuds|Essential True Wireless','|+| Pro',2021,0.5,30,NULL),
      ('Huawei','headphones','FreeBuds %s','3|4|4i|5|5i|Pro|Pro 2|Pro 3|Studio','',2019,0.6,70,'freebuds'),
      ('Canon','cameras','EOS R%s','|P|3|5|6|6 Mark II|7|8|10|50|100','',2018,0.6,650,'eos r'),
      ('Canon','cameras','EOS %s','250D|850D|90D|2000D|4000D|6D Mark II|5D Mark IV|M50|M50 Mark II|M6 Mark II|M200','',2016,0.6,420,'eos'),
      ('Canon','cameras','PowerShot %s','G7 X Mark II|G7 X Mark III|G5 X Mark II|SX740 HS|SX70 HS|V10','',2017,0.8,350,'powershot'),
      ('Nikon','cameras','Z %s','5|6|6II|7|7II|8|9|f|fc|30|50','',2018,0.5,700,'nikon z'),
      ('Nikon','cameras','D%s','3500|5600|7500|750|780|850|6','',2016,0.8,450,'nikon'),
      ('Nikon','cameras','Coolpix %s','P950|P1000|A1000|W300|B600','',2017,1,300,'coolpix'),
      ('Sony','cameras','Alpha %s','7 III|7 IV|7R III|7R IV|7R V|7S III|7C|7C II|6100|6400|6600|6700|1','',2018,0.4,800,'alpha a7'),
      ('Sony','cameras','%s','ZV-1|ZV-1 II|ZV-1F|ZV-E10|ZV-E1|RX100 VI|RX100 VII|RX10 IV','',2018,0.7,500,NULL),
      ('Fujifilm','cameras','X-%s','T3|T4|T5|T30|T30 II|T50|S10|S20|E4|H2|H2S|Pro3|100V|100VI|100F','',2018,0.4,650,'fuji'),
      ('Fujifilm','cameras','GFX %s','50S II|50R|100S|100 II','',2019,1,2500,'gfx'),
      ('Fujifilm','cameras','instax %s','mini 11|mini 12|mini 40|mini Evo|SQUARE SQ1|Wide 300','',2020,0.6,60,'instax'),
      ('Panasonic','cameras','Lumix %s','S5|S5 II|S5 IIX|S1|S1R|G9|G9 II|GH5|GH5 II|GH6|G100|TZ200|LX100 II|FZ1000 II','',2018,0.4,600,'lumix'),
      ('GoPro','cameras','HERO%s','7 Black|8 Black|9 Black|10 Black|11 Black|11 Black Mini|12 Black|13 Black|MAX','| Creator Edition| Bundle',2018,0.7,170,'gopro hero'),
      ('DJI','cameras','%s','Osmo Action 3|Osmo Action 4|Osmo Action 5 Pro|Osmo Pocket 2|Osmo Pocket 3|Pocket 2|Osmo 360','| Standard Combo| Adventure Combo| Creator Combo',2020,0.6,220,'dji osmo'),
      ('Amazon','e-readers','Kindle %s','(10th generation)|(11th generation)|Paperwhite (10th generation)|Paperwhite (11th generation)|Paperwhite Signature Edition|Oasis (9th generation)|Oasis (10th generation)|Scribe|Kids|Colorsoft','',2018,0.6,70,'kindle'),
      ('Kobo','e-readers','%s','Clara HD|Clara 2E|Clara BW|Clara Colour|Libra H2O|Libra 2|Libra Colour|Sage|Elipsa|Elipsa 2E|Forma|Nia','',2018,0.5,90,'kobo'),
      ('JBL','speakers','Flip %s','4|5|6|Essential 2','| Eco Edition',2017,1.5,60,'jbl flip'),
      ('JBL','speakers','Charge %s','4|5|Essential 2','| Wi-Fi| Tomorrowland Edition',2018,1.5,100,'jbl charge'),
      ('JBL','speakers','%s','Go 3|Go 4|Clip 4|Clip 5|Xtreme 2|Xtreme 3|Boombox 2|Boombox 3|PartyBox 110|PartyBox 310|Pulse 5|Authentics 300','',2019,0.4,90,'jbl'),
      ('Bose','speakers','SoundLink %s','Flex|Flex (2nd Gen)|Mini II|Revolve+|Revolve+ II|Revolve II|Micro|Color II|Max|Home','',2018,0.5,110,'soundlink'),
      ('Bose','speakers','%s','Home Speaker 500|Smart Speaker|Portable Smart Speaker|Smart Soundbar 600|Smart Soundbar 900|TV Speaker|Smart Ultra Soundbar','',2019,0.6,220,'bose'),
      ('Marshall','speakers','%s','Stanmore II|Stanmore III|Acton II|Acton III|Woburn II|Woburn III|Emberton|Emberton II|Emberton III|Kilburn II|Middleton|Willen|Tufton','| Voice',2019,0.3,170,'marshall'),
      ('Sonos','speakers','%s','One|One SL|Era 100|Era 300|Five|Move|Move 2|Roam|Roam SL|Roam 2|Beam|Beam (Gen 2)|Arc|Ray|Sub Mini|Play:1','',2017,0.4,180,'sonos'),
      ('Apple','speakers','HomePod %s','(1st generation)|(2nd generation)|mini','',2018,2,90,'homepod'),
      ('Amazon','speakers','Echo %s','Dot (3rd generation)|Dot (4th generation)|Dot (5th generation)|(4th generation)|Studio|Pop|Show 5|Show 8|Show 10|Flex','',2018,0.5,40,'alexa'),
      ('Google','speakers','Nest %s','Mini|Audio|Hub|Hub Max','',2019,0.7,50,'google home'),
      ('Sony','speakers','%s','SRS-XB13|SRS-XB23|SRS-XB33|SRS-XB43|SRS-XE200|SRS-XE300|SRS-XG300|ULT Field 1','',2020,0.5,70,NULL),
      ('DJI','drones','Mini %s','2|2 SE|3|3 Pro|4 Pro|SE','| Fly More Combo Plus',2020,0.6,280,'dji mini'),
      ('DJI','drones','Air %s','2S|3|3S','',2021,1,650,'dji air'),
      ('DJI','drones','Mavic %s','2 Pro|2 Zoom|Air 2|3|3 Classic|3 Pro|3 Cine','',2018,0.6,900,'mavic'),
      ('DJI','drones','%s','Avata|Avata 2|FPV|Neo|Inspire 2|Phantom 4 Pro V2.0','',2019,0.6,450,'dji'),
      ('Dell','monitors','UltraSharp %s','U2419H|U2421E|U2422H|U2520D|U2720Q|U2723QE|U3223QE|U3423WE|U4021QW','',2018,0.6,280,'ultrasharp'),
      ('Dell','monitors','%s','S2721DGF|S2722QC|S2421HS|P2422H|P2723QE|G2724D|Alienware AW3423DW|Alienware AW2523HF','',2020,0.4,230,NULL),
      ('LG','monitors','UltraGear %s','27GN950|27GP850|27GR95QE|32GQ950|34GN850|45GR95QE|24GN600','',2020,0.5,320,'ultragear'),
      ('LG','monitors','%s','UltraFine 24MD4KL|UltraFine 27UN880|UltraFine 32UN880|UltraWide 34WN80C|UltraWide 38WN95C|DualUp 28MQ780|27UP850','',2019,0.6,380,'lg'),
      ('Samsung','monitors','Odyssey %s','G5|G7|G9|Neo G7|Neo G8|Neo G9|OLED G8|OLED G9|Ark','| 27"| 32"',2020,0.4,380,'odyssey'),
      ('Samsung','monitors','%s','ViewFinity S6|ViewFinity S8|ViewFinity S9|Smart Monitor M7|Smart Monitor M8|Smart Monitor M5','| 27"| 32"',2021,0.4,280,NULL),
      ('Apple','monitors','%s','Studio Display|Pro Display XDR|Studio Display (Nano-texture)','',2019,1.5,1300,'apple display'),
      ('Asus','monitors','%s','ProArt PA278QV|ProArt PA279CV|ProArt PA32UCG|ROG Swift PG27AQDM|ROG Swift PG32UQX|TUF VG27AQ|ZenScreen MB16AC','',2019,0.5,300,NULL),
      ('HP','monitors','%s','M24f|M27f|M27fq|E24 G5|E27 G5|Z27k G3|Omen 27i|U28 4K','',2020,0.4,170,NULL),
      ('Lenovo','monitors','%s','ThinkVision P27h-20|ThinkVision T27q-20|ThinkVision P32p-20|Legion Y27q-20|L27q-35|ThinkVision M14','',2020,0.5,220,'thinkvision'),
      ('MSI','monitors','%s','Optix MAG274QRF|MAG 274QRF-QD|MPG 271QRX|G274QPF|Modern MD272QP','',2020,0.5,250,NULL),
      ('Apple','accessories','%s','Magic Keyboard|Magic Keyboard with Touch ID|Magic Mouse|Magic Trackpad|Apple Pencil (1st generation)|Apple Pencil (2nd generation)|Apple Pencil (USB-C)|Apple Pencil Pro|Magic Keyboard for iPad Pro|Smart Keyboard Folio|AirTag|MagSafe Battery Pack','',2018,0.4,60,NULL),
      ('Logitech','accessories','MX %s','Master 2S|Master 3|Master 3S|Keys|Keys Mini|Keys S|Anywhere 3|Anywhere 3S|Mechanical|Mechanical Mini|Ergo|Vertical','',2018,0.4,60,'logitech mx'),
      ('Logitech','accessories','%s','G Pro X Superlight|G Pro X Superlight 2|G502 X|G915 TKL|G733|G Pro X Headset|Lift|Pebble M350|K380|C920 HD Pro|Brio 4K|StreamCam|G29 Driving Force','',2018,0.4,50,'logitech'),
      ('Sony','accessories','%s','DualSense|DualSense Edge|DualShock 4|PlayStation VR2 Sense Controllers|Pulse 3D|Pulse Elite|Pulse Explore','',2019,0.6,45,'ps5 controller'),
      ('Microsoft','accessories','%s','Xbox Wireless Controller|Xbox Elite Controller Series 2|Xbox Adaptive Controller|Surface Pen|Surface Slim Pen 2|Surface Arc Mouse|Surface Pro Signature Keyboard','',2019,0.5,60,NULL),
      ('Nintendo','accessories','%s','Joy-Con (L/R)|Switch Pro Controller|Switch Dock Set|Ring Fit Adventure|Joy-Con Charging Grip','',2017,1,40,'switch'),
      ('Samsung','accessories','%s','S Pen Pro|S Pen Fold Edition|Galaxy SmartTag2|Book Cover Keyboard|45W Travel Adapter|Wireless Charger Duo','',2020,0.6,30,NULL),
      ('Google','accessories','%s','Pixel Stand (2nd gen)|Chromecast with Google TV|Nest Wifi Pro|Pixel Tablet Case','',2020,1,40,NULL),
      ('Garmin','accessories','%s','HRM-Pro Plus|HRM-Dual|Edge 540|Edge 840|Index S2 Smart Scale|inReach Mini 2','',2020,0.6,90,'garmin'),
      ('Valve','accessories','%s','Steam Deck Docking Station|Index Controllers|Index Headset|Steam Controller','',2019,1,120,'valve'),
      ('Razer','accessories','%s','DeathAdder V3 Pro|Viper V2 Pro|BlackWidow V4 Pro|Huntsman Mini|Kraken V3 Pro|BlackShark V2 Pro|Kishi V2|Basilisk V3','',2020,0.5,70,'razer'),
      ('Fitbit','accessories','%s','Aria Air|Charge Band|Versa Band|Sense Band','',2020,1,20,NULL),
      ('Sennheiser','accessories','%s','Profile USB Microphone|BTD 600 Dongle|XS Lav USB-C','',2021,1,50,NULL),
      ('Canon','accessories','%s','RF 24-105mm F4 L IS USM|RF 50mm F1.8 STM|RF 70-200mm F2.8 L IS USM|EF 50mm f/1.8 STM|Speedlite EL-100|LP-E6NH Battery','',2018,0.5,150,'canon lens'),
      ('Nikon','accessories','%s','NIKKOR Z 24-70mm f/4 S|NIKKOR Z 50mm f/1.8 S|NIKKOR Z 24-200mm|FTZ II Mount Adapter|EN-EL15c Battery','',2018,0.6,160,'nikkor'),
      ('Fujifilm','accessories','%s','XF 23mm F2 R WR|XF 35mm F1.4 R|XF 16-80mm F4|XF 56mm F1.2 R WR|NP-W235 Battery','',2018,0.7,190,'fujinon'),
      ('Panasonic','accessories','%s','Lumix S 20-60mm|Lumix S 50mm F1.8|Leica DG 12-60mm|Lumix G 25mm F1.7','',2019,0.8,200,NULL),
      ('GoPro','accessories','%s','Media Mod|Max Lens Mod 2.0|Enduro Battery|Volta Grip|Light Mod|3-Way 2.0','',2020,0.5,40,'gopro'),
      ('DJI','accessories','%s','RC-N2 Remote|DJI RC|DJI RC Pro|Goggles 2|Goggles 3|Mic 2|RS 3 Mini|OM 6|Mini 3 Intelligent Battery','',2020,0.4,120,'dji'),
      ('Kobo','accessories','%s','Stylus 2|Elipsa SleepCover|Libra 2 SleepCover','',2021,1,30,NULL),
      ('Amazon','accessories','%s','Kindle Paperwhite Fabric Cover|Fire TV Stick 4K|Fire TV Stick 4K Max|Fire TV Cube|Echo Buds','',2020,0.6,30,NULL),
      ('Sonos','accessories','%s','Roam Wireless Charger|Sub (Gen 3)|Port|Amp','',2019,1,150,NULL),
      ('Bose','accessories','%s','Bass Module 500|Bass Module 700|Surround Speakers|SoundLink Flex Travel Bag','',2019,1,120,NULL),
      ('JBL','accessories','%s','PartyBox Wireless Mic|Quantum Stream|Tour One M2 Case','',2022,0.5,40,NULL),
      ('Jabra','accessories','%s','Evolve2 65|Evolve2 85|Speak2 75|PanaCast 20|Evolve2 Buds|Engage 55','',2020,0.5,130,'jabra'),
      ('Marshall','accessories','%s','Emberton Travel Case|Stanmore Wall Bracket|Minor III Charging Case','',2021,1,30,NULL),
      ('LG','accessories','%s','Tone Free T90|Tone Free FP9|Tone Free FN7|XBOOM Go XG5|XBOOM 360','',2021,0.5,80,NULL),
      ('Motorola','accessories','%s','moto buds|moto buds+|moto tag|moto watch 100|moto watch 70','',2022,0.5,40,NULL),
      ('OnePlus','accessories','%s','Buds Pro|Buds Pro 2|Buds 3|Nord Buds 2|Watch 2|Pad|Pad Go|SUPERVOOC 100W Charger','',2021,0.4,70,'oneplus'),
      ('Oppo','accessories','%s','Enco X2|Enco Air3 Pro|Enco Free3|Watch X|Pad Air|Pad 2','',2021,0.5,70,'oppo'),
      ('Fairphone','accessories','%s','Fairbuds|Fairbuds XL|Fairphone 4 Protective Case|Fairphone 5 Camera Module','',2022,0.5,60,'fairphone'),
      ('Acer','accessories','%s','Predator Cestus 350|Nitro Headset|Predator Galea 350|USB-C Dock','',2021,0.5,40,NULL),
      ('Amazfit','accessories','%s','PowerBuds Pro|ZenBuds|Helio Strap|Smart Scale','',2021,0.6,40,NULL),
      ('Huawei','accessories','%s','M-Pencil (2nd generation)|M-Pencil (3rd generation)|Smart Magnetic Keyboard|SuperCharge Wireless Stand|Band 8|Band 9','',2020,0.6,40,NULL),
      ('Xiaomi','accessories','%s','Smart Band 7|Smart Band 8|Smart Band 8 Pro|Mi Power Bank 3|Redmi Watch 3|Redmi Watch 4|Mi 360 Camera','',2021,0.4,30,NULL),
      ('Dell','accessories','%s','WD19S Dock|WD22TB4 Dock|Premier Wireless Keyboard KM7321W|Pro Wireless Headset WL5022','',2020,0.7,90,NULL),
      ('HP','accessories','%s','Thunderbolt Dock G4|USB-C Dock G5|Z3700 Mouse|Spectre Rechargeable Mouse','',2020,0.7,60,NULL),
      ('MSI','accessories','%s','Clutch GM41|Vigor GK71|Immerse GH50|Sword 15 Backpack','',2021,0.6,50,NULL),
      ('Asus','accessories','%s','ROG Cetra True Wireless|ROG Keris Wireless|ROG Delta S|ZenPower 10000|RT-AX58U Router|ROG Rapture GT-AX6000','',2020,0.5,80,NULL),
      ('Lenovo','accessories','%s','ThinkPad USB-C Dock Gen 2|ThinkPad Thunderbolt 4 Dock|Precision Pen 2|Legion H600|Go USB-C Laptop Power Bank','',2020,0.5,90,NULL),
      ('Apple','accessories','%s','20W USB-C Power Adapter|35W Dual USB-C Port Power Adapter|MagSafe Charger|USB-C Digital AV Multiport Adapter','',2019,1,25,'apple')
      ) AS t (brand, cat, tmpl, gens, suffixes, year0, ystep, base_usd, kw);

    INSERT INTO brands (name, slug)
    SELECT b.brand, trim(BOTH '-' FROM regexp_replace(lower(b.brand), '[^a-z0-9]+', '-', 'g'))
      FROM (SELECT DISTINCT brand FROM seed_series) b
     ORDER BY b.brand
    ON CONFLICT DO NOTHING;

    -- Every name a series can give: generation gi (0-based) of its natural
    -- list, suffix si; round r > 0 repeats the list as "Mk2", "Mk3"... and
    -- only comes in when a scale asks for more models than exist.
    CREATE TEMP TABLE seed_prod ON COMMIT DROP AS
    WITH pool AS (
        SELECT s.sid, s.brand, s.cat, s.base_usd, r, gi - 1 AS gi, si - 1 AS si,
               regexp_replace(trim(replace(s.tmpl, '%s', g) || sfx), '\s+', ' ', 'g')
                 || CASE WHEN r > 0 THEN ' Mk' || (r + 1) ELSE '' END AS name,
               least(2024, s.year0 + floor((gi - 1) * s.ystep)::int) AS year,
               coalesce(replace(s.kw, '%s', g), '') AS keywords
          FROM seed_series s
          CROSS JOIN LATERAL unnest(string_to_array(s.gens, '|')) WITH ORDINALITY AS gg (g, gi)
          CROSS JOIN LATERAL unnest(CASE WHEN s.suffixes = '' THEN ARRAY[''] ELSE string_to_array(s.suffixes, '|') END) WITH ORDINALITY AS ss (sfx, si)
          CROSS JOIN generate_series(0, v_scale - 1) AS r),
    named AS (
        SELECT p.*, b.id AS brand_id, b.slug AS brand_slug,
               b.slug || '-' || trim(BOTH '-' FROM regexp_replace(
                   replace(replace(lower(p.name), '+', ' plus'), '"', ' inch'),
                   '[^a-z0-9]+', '-', 'g')) AS slug
          FROM pool p JOIN brands b ON b.name = p.brand),
    uniq AS (
        SELECT DISTINCT ON (slug) * FROM named ORDER BY slug, r, sid, gi, si)
    -- Round 0 first: plain model names (a quarter of accessories), then the suffixed
    -- phones, tablets and consoles, then the rest (recent first, by hash).
    SELECT u.*, row_number() OVER (ORDER BY u.slug) AS rn
      FROM (SELECT * FROM uniq
             ORDER BY r,
                   CASE WHEN cat = 'accessories' THEN 2 - 2 * (abs(hashtext(slug || '/a')) % 4 = 0)::int
                        WHEN si = 0 THEN 0
                        WHEN cat IN ('smartphones', 'tablets', 'consoles') THEN 1
                        ELSE 2 END,
                   year < 2019, abs(hashtext(slug)) % 1000003, slug
             LIMIT v_products) u;

    INSERT INTO products (category_id, brand_id, name, slug, released_on, attrs, keywords, popularity)
    SELECT c.id, p.brand_id, p.name, p.slug,
           make_date(p.year, 1 + abs(hashtext(p.slug || '/m')) % 12, 1),
           jsonb_strip_nulls(CASE c.code
             WHEN 'smartphones' THEN jsonb_build_object(
                 'screen_in', round(5.4 + (h % 14) * 0.1, 1),
                 'chip', CASE WHEN p.brand = 'Apple' THEN 'A' || (11 + least(p.gi, 6)) || ' Bionic'
                              WHEN p.brand = 'Google' AND p.gi >= 2 THEN 'Tensor G' || (p.gi - 1)
                              ELSE (ARRAY['Snapdragon 865', 'Snapdragon 888', 'Snapdragon 8 Gen 1',
                                          'Snapdragon 8 Gen 2', 'Snapdragon 778G', 'Dimensity 9000',
                                          'Dimensity 8100', 'Exynos 2100', 'Helio G99', 'Kirin 9000'])[1 + h % 10] END,
                 'os', CASE WHEN p.brand = 'Apple' THEN 'iOS' WHEN p.brand = 'Huawei' AND p.year >= 2020 THEN 'HarmonyOS' ELSE 'Android' END,
                 'connectivity', CASE WHEN p.year >= 2020 THEN '5G' ELSE '4G' END,
                 'camera_mp', (ARRAY[12, 12, 48, 50, 50, 64, 108, 200])[1 + (h / 7) % 8],
                 'battery_mah', 2800 + (h % 23) * 100,
                 'dual_sim', (h / 3) % 3 <> 0)
             WHEN 'laptops' THEN jsonb_build_object(
                 'screen_in', (ARRAY[13.3, 13.6, 14, 14.2, 15.6, 16, 17.3])[1 + h % 7],
                 'chip', CASE WHEN p.brand = 'Apple' THEN (ARRAY['Intel Core i5', 'M1', 'M2', 'M3', 'M1 Pro', 'M2 Pro'])[1 + least(p.gi, 5)]
                              ELSE (ARRAY['Intel Core i5-1135G7', 'Intel Core i7-1165G7', 'Intel Core i7-1260P',
                                          'Intel Core i5-1335U', 'AMD Ryzen 5 5600U', 'AMD Ryzen 7 6800U',
                                          'Intel Core Ultra 7 155H', 'AMD Ryzen 9 7940HS'])[1 + h % 8] END,
                 'os', CASE WHEN p.brand = 'Apple' THEN 'macOS' WHEN h % 17 = 0 THEN 'ChromeOS' ELSE 'Windows' END,
                 'weight_g', 1100 + (h % 16) * 80)
             WHEN 'tablets' THEN jsonb_build_object(
                 'screen_in', (ARRAY[8.3, 10.2, 10.9, 11, 12.4, 12.9])[1 + h % 6],
                 'chip', CASE WHEN p.brand = 'Apple' THEN (ARRAY['A12 Bionic', 'A13 Bionic', 'A14 Bionic', 'A15 Bionic', 'M1', 'M2'])[1 + h % 6]
                              ELSE (ARRAY['Snapdragon 870', 'Snapdragon 8 Gen 1', 'Exynos 1380', 'Helio G99', 'Intel Core i5'])[1 + h % 5] END,
                 'os', CASE p.brand WHEN 'Apple' THEN 'iPadOS' WHEN 'Microsoft' THEN 'Windows' WHEN 'Amazon' THEN 'Fire OS' ELSE 'Android' END,
                 'camera_mp', (ARRAY[8, 12, 13])[1 + h % 3])
             WHEN 'smartwatches' THEN jsonb_build_object(
                 'os', CASE p.brand WHEN 'Apple' THEN 'watchOS' WHEN 'Samsung' THEN 'Wear OS' WHEN 'Google' THEN 'Wear OS'
                                    WHEN 'Huawei' THEN 'HarmonyOS' WHEN 'Fitbit' THEN 'Fitbit OS' WHEN 'Amazfit' THEN 'Zepp OS' ELSE 'Garmin OS' END,
                 'gps', h % 5 <> 0,
                 'water_rating', (ARRAY['5 ATM', '10 ATM', 'IP68', 'WR50'])[1 + h % 4],
                 'battery_hours', (ARRAY[18, 36, 72, 240, 336])[1 + h % 5])
             WHEN 'consoles' THEN jsonb_build_object(
                 'form_factor', CASE WHEN p.name ~ 'Deck|Ally|Lite|Go|Portal|Vita|DS' THEN 'Handheld'
                                     WHEN p.name ~ 'Switch' THEN 'Hybrid' ELSE 'Home console' END,
                 'resolution', CASE WHEN p.name ~ 'Deck|Ally|Lite|Go|DS|Vita|Switch|Portal' THEN '1080p' ELSE '4K' END)
             WHEN 'headphones' THEN jsonb_build_object(
                 'form_factor', CASE WHEN p.name ~* 'buds|airpods|wf-|true wireless|elite|earbuds|linkbuds|cx|motif|mode|minor'
                                     THEN 'In-ear' ELSE 'Over-ear' END,
                 'anc', h % 3 <> 0,
                 'wireless', h % 11 <> 0,
                 'battery_hours', (ARRAY[6, 8, 20, 24, 30, 40, 60])[1 + h % 7])
             WHEN 'cameras' THEN jsonb_build_object(
                 'sensor', (ARRAY['Full frame', 'APS-C', 'Micro Four Thirds', '1-inch', 'Medium format'])[1 + h % 5],
                 'mount', CASE p.brand WHEN 'Canon' THEN 'Canon RF' WHEN 'Nikon' THEN 'Nikon Z' WHEN 'Sony' THEN 'Sony E'
                                       WHEN 'Fujifilm' THEN 'Fujifilm X' WHEN 'Panasonic' THEN 'L-Mount' ELSE 'Fixed lens' END,
                 'camera_mp', (ARRAY[20, 24, 26, 33, 45, 61])[1 + h % 6],
                 'resolution', (ARRAY['4K 30p', '4K 60p', '6K', '8K', '1080p'])[1 + h % 5],
                 'weight_g', 350 + (h % 12) * 50)
             WHEN 'e-readers' THEN jsonb_build_object(
                 'screen_in', (ARRAY[6, 6.8, 7, 8, 10.2])[1 + h % 5],
                 'colour_screen', p.name ~* 'colo',
                 'water_rating', (ARRAY['IPX8', 'None'])[1 + h % 2])
             WHEN 'speakers' THEN jsonb_build_object(
                 'wireless', true,
                 'battery_hours', CASE WHEN h % 4 = 0 THEN NULL ELSE (ARRAY[10, 12, 20, 24])[1 + h % 4] END,
                 'water_rating', (ARRAY['IP67', 'IPX4', 'None'])[1 + h % 3])
             WHEN 'drones' THEN jsonb_build_object(
                 'camera_mp', (ARRAY[12, 20, 48])[1 + h % 3],
                 'resolution', (ARRAY['2.7K', '4K 60p', '5.1K', '4K 100p'])[1 + h % 4],
                 'battery_hours', 0.5,
                 'weight_g', (ARRAY[249, 249, 570, 720, 895])[1 + h % 5])
             WHEN 'monitors' THEN jsonb_build_object(
                 'screen_in', (ARRAY[24, 27, 32, 34, 38, 49])[1 + h % 6],
                 'resolution', (ARRAY['1080p', '1440p', '4K', '5K', 'UWQHD'])[1 + h % 5])
             ELSE jsonb_build_object(
                 'form_factor', (ARRAY['Input', 'Audio', 'Power', 'Lens', 'Dock'])[1 + h % 5],
                 'wireless', h % 2 = 0)
           END),
           p.keywords,
           (abs(hashtext(p.slug || '/pop')) % 1000) * (1 + greatest(0, p.year - 2017)) / (1 + p.si)
      FROM seed_prod p
      JOIN seed_cat c ON c.code = p.cat
      CROSS JOIN LATERAL (SELECT abs(hashtext(p.slug)) AS h) hh
     ORDER BY p.rn;

    -- -----------------------------------------------------------------
    -- Variants: k-th combination of the category's axes, in mixed radix
    -- (storage fastest, then colour from a per-product offset, then the
    -- extra attribute), 2 to 6 per model, 4 on average.
    CREATE TEMP TABLE seed_var ON COMMIT DROP AS
    WITH pc AS (
        SELECT p.id AS product_id, p.slug, p.name, sp.brand, sp.gi, sp.si, sp.base_usd, sp.year,
               c.code, c.battery, c.storages, c.rams, c.extra_key, c.extra_vals,
               string_to_array(c.colours, '|') AS cols,
               greatest(coalesce(cardinality(c.storages), 0), 1) AS ns,
               cardinality(string_to_array(c.colours, '|')) AS nc,
               greatest(coalesce(jsonb_array_length(c.extra_vals), 0), 1) AS ne,
               abs(hashtext(p.slug || '/v')) AS h
          FROM products p
          JOIN seed_prod sp ON sp.slug = p.slug
          JOIN seed_cat c ON c.id = p.category_id)
    SELECT pc.product_id, pc.code, pc.battery, pc.brand, pc.year, k,
           'RB' || lpad(pc.product_id::text, 6, '0') || '-' || lpad(k::text, 2, '0') AS sku,
           pc.storages[1 + k % pc.ns] AS storage_gb,
           pc.rams[1 + k % pc.ns] AS ram_gb,
           split_part(pc.cols[1 + ((k / pc.ns) % pc.nc + pc.h % pc.nc) % pc.nc], ':', 1) AS colour,
           split_part(pc.cols[1 + ((k / pc.ns) % pc.nc + pc.h % pc.nc) % pc.nc], ':', 2) AS colour_family,
           CASE WHEN pc.extra_key IS NULL THEN '{}'::jsonb
                ELSE jsonb_build_object(pc.extra_key, pc.extra_vals -> ((k / (pc.ns * pc.nc)) % pc.ne)::int) END AS attrs,
           -- typical refurbished price in US cents
           (pc.base_usd * 100
             * (1 + 0.07 * pc.gi) * (1 + 0.15 * pc.si)
             * (1 + 0.18 * (k % pc.ns))
             * (1 + 0.12 * ((k / (pc.ns * pc.nc)) % pc.ne)))::bigint AS base_cents
      FROM pc
      CROSS JOIN LATERAL generate_series(0, least(2 + pc.h % 5, pc.ns * pc.nc * pc.ne) - 1) AS k;

    INSERT INTO variants (product_id, sku, storage_gb, ram_gb, colour, colour_family,
                          network_lock, esim, region, attrs)
    SELECT v.product_id, v.sku, v.storage_gb, v.ram_gb, v.colour, v.colour_family,
           CASE WHEN v.code = 'smartphones' OR v.attrs @> '{"cellular": true}' THEN 'unlocked' END,
           CASE WHEN v.code = 'smartphones' THEN CASE WHEN v.year >= 2019 THEN 'esim_and_sim' ELSE 'none' END END,
           'global', v.attrs
      FROM seed_var v
     ORDER BY v.product_id, v.k;

    ALTER TABLE seed_var ADD COLUMN variant_id bigint;
    UPDATE seed_var s SET variant_id = v.id FROM variants v WHERE v.sku = s.sku;

    -- -----------------------------------------------------------------
    -- Sellers: "<word> <word> <legal form>", by country.
    INSERT INTO sellers (name, slug, status, country, timezone, handling_days, cutoff_time,
                         quality_score, approved_at)
    SELECT x.name,
           trim(BOTH '-' FROM regexp_replace(lower(rebound_unaccent(x.name)), '[^a-z0-9]+', '-', 'g')),
           CASE WHEN i % 40 = 38 THEN 'applied' WHEN i % 40 = 39 THEN 'suspended' ELSE 'approved' END,
           x.country, x.tz, (i * 7) % 4,
           (ARRAY['12:00', '14:00', '15:00', '16:00', '17:00'])[1 + i % 5]::time,
           9990 - (abs(hashtext('seller' || i)) % 1600),
           CASE WHEN i % 40 < 38 THEN timestamptz '2023-01-02 09:00+00' + i * interval '37 hours' END
      FROM generate_series(0, v_sellers - 1) AS i
      CROSS JOIN LATERAL (
           SELECT (ARRAY['FR', 'DE', 'ES', 'GB', 'US'])[1 + i % 5] AS country) c
      CROSS JOIN LATERAL (
           SELECT (ARRAY['Refurb', 'Second', 'Renew', 'Back', 'Green', 'Phone', 'Tech', 'Smart',
                         'Eco', 'Loop', 'Revive', 'Circular', 'Prime', 'Nova', 'Urban', 'Swift'])[1 + i % 16]
                  || ' ' ||
                  (ARRAY['Pro', 'Store', 'Lab', 'Market', 'Depot', 'Hub', 'Works', 'Trade', 'Outlet', 'Direct'])[1 + (i / 16) % 10]
                  || CASE WHEN i >= 160 THEN ' ' || (i / 160 + 1) ELSE '' END
                  || ' ' ||
                  CASE c.country WHEN 'FR' THEN 'SAS' WHEN 'DE' THEN 'GmbH' WHEN 'ES' THEN 'S.L.'
                                 WHEN 'GB' THEN 'Ltd' ELSE 'LLC' END AS name,
                  CASE c.country WHEN 'FR' THEN 'Europe/Paris' WHEN 'DE' THEN 'Europe/Berlin'
                                 WHEN 'ES' THEN 'Europe/Madrid' WHEN 'GB' THEN 'Europe/London'
                                 ELSE 'America/New_York' END AS tz,
                  c.country) x
     ORDER BY i
    ON CONFLICT (slug) DO NOTHING;

    CREATE TEMP TABLE seed_seller ON COMMIT DROP AS
    SELECT s.id, row_number() OVER (ORDER BY s.id) - 1 AS idx
      FROM sellers s
     WHERE s.country IS NOT NULL;
    SELECT count(*) INTO v_sellers FROM seed_seller;

    -- -----------------------------------------------------------------
    -- Offers: per variant, market and grade 0, 1 or 2 sellers (0.5 on
    -- average), so ~10 offers per variant.
    CREATE TEMP TABLE seed_mkt ON COMMIT DROP AS
    SELECT * FROM (VALUES ('en-us', 'USD', 1.00), ('en-gb', 'GBP', 0.86),
                          ('fr-fr', 'EUR', 1.00), ('de-de', 'EUR', 0.99),
                          ('es-es', 'EUR', 0.97)) AS t (market, currency, fx)
     WHERE EXISTS (SELECT 1 FROM markets m WHERE m.code = t.market);

    INSERT INTO offers (seller_id, variant_id, market, currency, grade, price, stock,
                        warranty_months, battery_health_min, vat_scheme, status)
    SELECT ss.id, o.variant_id, o.market, o.currency, o.grade,
           greatest(99, round(o.base_cents * o.fx * o.gf * (0.94 + (o.h % 13) * 0.01) / 100) * 100 - 1)::bigint,
           CASE WHEN (o.h / 3) % 9 = 0 THEN 0 ELSE 1 + (o.h / 5) % 20 END,
           CASE WHEN (o.h / 7) % 3 = 0 THEN 24 ELSE 12 END,
           CASE WHEN o.battery THEN o.floor + (o.h / 11) % (101 - o.floor)::int % 6 END,
           CASE WHEN (o.h / 13) % 5 = 0 THEN 'normal' ELSE 'margin' END,
           CASE WHEN o.h % 61 = 0 THEN 'paused' WHEN o.h % 97 = 1 THEN 'archived' ELSE 'active' END
      FROM (SELECT v.variant_id, v.base_cents, v.battery, m.market, m.currency, m.fx,
                   g.grade, g.gf, gr.battery_floor AS floor, j,
                   abs(hashtext(v.sku || m.market || g.grade::text)) AS hs,
                   abs(hashtext(v.sku || m.market || g.grade::text || '/' || j)) AS h
              FROM seed_var v
              CROSS JOIN seed_mkt m
              CROSS JOIN (VALUES ('premium'::offer_grade, 0.90), ('excellent', 0.79),
                                 ('good', 0.71), ('fair', 0.63)) AS g (grade, gf)
              JOIN grades gr ON gr.grade = g.grade
              CROSS JOIN LATERAL generate_series(0,
                   (ARRAY[0, 0, 0, 0, 0, 0, 1, 1, 1, 2])[1 + abs(hashtext(v.sku || '/' || m.market || '/' || g.grade::text)) % 10] - 1) AS j
           ) o
      JOIN seed_seller ss ON ss.idx = (o.hs + o.j * 37) % v_sellers
     ORDER BY o.variant_id, o.market, o.grade, o.j;

    -- -----------------------------------------------------------------
    -- Prices when new: above every offer (best grade factor 0.90 x 1.06).
    INSERT INTO new_prices (variant_id, market, currency, price)
    SELECT v.variant_id, m.market, m.currency,
           (round(v.base_cents * m.fx * 1.30 / 100) * 100 - 1)::bigint
      FROM seed_var v CROSS JOIN seed_mkt m
     ORDER BY 1, 2;

    -- -----------------------------------------------------------------
    -- Price history: the last 90 days as change points (the table's
    -- format). For each (variant, market, grade) with live offers: a point
    -- 89 days ago and up to four more every 15 days, prices easing down to
    -- today's lowest live price, reached 14 days ago.
    INSERT INTO price_history (variant_id, market, grade, day, price)
    SELECT c.variant_id, c.market, c.grade, current_date - 89 + 15 * k,
           CASE WHEN k = 5 THEN c.price
                ELSE greatest(99, round(c.price * (1 + (5 - k) * 0.025 + ((c.h / (k + 1)) % 5 - 2) * 0.01) / 100) * 100 - 1)::bigint END
      FROM (SELECT o.variant_id, o.market, o.grade, min(o.price) AS price,
                   abs(hashtext(o.variant_id || o.market || o.grade::text)) AS h
              FROM offers o
              JOIN sellers s ON s.id = o.seller_id AND s.status = 'approved'
             WHERE o.status = 'active' AND o.stock > 0
             GROUP BY 1, 2, 3) c
      CROSS JOIN generate_series(0, 5) AS k
     WHERE k IN (0, 5) OR (c.h >> k) & 1 = 1
     ORDER BY 1, 2, 3, 4;

    GET DIAGNOSTICS n = ROW_COUNT;
    RAISE NOTICE 'demo catalog: % products, % variants, % offers, % price history rows (scale %)',
        (SELECT count(*) FROM products), (SELECT count(*) FROM variants),
        (SELECT count(*) FROM offers), n, v_scale;

    DROP TABLE seed_cat, seed_series, seed_prod, seed_var, seed_seller, seed_mkt;
END
$seed$;
