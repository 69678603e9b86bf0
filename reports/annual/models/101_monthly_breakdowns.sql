-- monthly_breakdowns: cases, articles and value per Member, month and item of one breakdown of the annual
-- report (conveyance, shipping environment, traffic, procedure, outcome, small consignment, e-commerce,
-- concealment, detection, provenance, destination, route, brand, IPR type, health and safety, product
-- category x provenance), in long form: one row per breakdown and item.
-- Rows with value_basis 'all' hold the cases and articles of the item and no value; the rows of one basis
-- hold the value of that basis in EUR and USD (bases are never added), with the cases and articles of the
-- lines valued on it. A case-level breakdown counts a case once; a goods-line breakdown (brand, IPR type,
-- health and safety, category x provenance) counts it once under each item of its lines, so those items
-- add up to more than the total. A case is in one Member and one month, so cells add up across them.
-- Grain: member x year x month x breakdown x item x value_basis.
-- How: cases are counted from one row per case and basis (case_line_totals, case_basis_totals), grouped on
-- a few case dimensions at a time and on the masks of their lines; articles and values of the goods-line
-- items are sums over the lines; only the brands, an open list, need each case's brands apart.
WITH ipr_bits AS (
    SELECT DISTINCT ipr_type, bit FROM ipr_type_lists
),
-- The WCO region of each Member and month with cases, for the rows counted from the lines.
periods AS (
    SELECT DISTINCT member, wco_region, year, month FROM case_rollup
),
basis_bits AS (
    SELECT basis, (row_number() OVER (ORDER BY basis) - 1)::UTINYINT AS bit
    FROM (SELECT DISTINCT basis FROM case_basis_totals)
),
-- Each case once with basis 'all' (all its lines), then once per basis of its valued lines, with what the
-- lines counted in that row hold: categories and IPR types as masks, and whether any line is, or is not,
-- dangerous to health and safety.
case_rows AS (
    SELECT c.member, c.wco_region, c.year, c.month, 'all' AS value_basis, c.conveyance,
        c.shipping_environment, c.traffic, c.procedure_initiation, c.outcome, c.small_consignment, c.ecommerce,
        c.concealment_method, c.detection_method, c.departure_country, c.destination_country, c.route,
        coalesce(t.articles, 0) AS articles, NULL::DOUBLE AS value_eur, NULL::DOUBLE AS value_usd,
        coalesce(t.category_mask, 0::UBIGINT) AS category_mask,
        coalesce(t.ipr_type_mask, 0::UBIGINT) AS ipr_type_mask,
        coalesce(t.health_safety_lines, 0) > 0 AS any_dangerous,
        coalesce(t.lines, 0) > coalesce(t.health_safety_lines, 0) AS any_other
    FROM stg_cases c
    LEFT JOIN case_line_totals t USING (case_key)
    UNION ALL
    SELECT c.member, c.wco_region, c.year, c.month, b.basis, c.conveyance,
        c.shipping_environment, c.traffic, c.procedure_initiation, c.outcome, c.small_consignment, c.ecommerce,
        c.concealment_method, c.detection_method, c.departure_country, c.destination_country, c.route,
        b.articles, b.value_eur, b.value_usd, b.category_mask, b.ipr_type_mask,
        b.health_safety_lines > 0, b.lines > b.health_safety_lines
    FROM case_basis_totals b
    JOIN stg_cases c USING (case_key)
),
-- The cases counted on a few dimensions at a time, each with few codes, so that every case is read in five
-- groupings rather than twelve; the breakdowns add these rows up again. The 'lines' grouping counts the
-- cases per provenance and masks of their lines.
grouped AS (
    SELECT member, wco_region, year, month, value_basis, conveyance, shipping_environment, outcome, traffic,
        procedure_initiation, small_consignment, ecommerce, concealment_method, detection_method,
        departure_country, destination_country, route, category_mask, ipr_type_mask, any_dangerous, any_other,
        CASE WHEN grouping(conveyance) = 0 THEN 'conveyance'
             WHEN grouping(traffic) = 0 THEN 'traffic'
             WHEN grouping(concealment_method) = 0 THEN 'concealment'
             WHEN grouping(category_mask) = 0 THEN 'lines'
             ELSE 'places' END AS grouping_set,
        count(*) AS cases, sum(articles) AS articles, sum(value_eur) AS value_eur, sum(value_usd) AS value_usd
    FROM case_rows
    GROUP BY GROUPING SETS (
        (member, wco_region, year, month, value_basis, conveyance, shipping_environment, outcome),
        (member, wco_region, year, month, value_basis, traffic, procedure_initiation, small_consignment, ecommerce),
        (member, wco_region, year, month, value_basis, concealment_method, detection_method),
        (member, wco_region, year, month, value_basis, departure_country, destination_country, route),
        (member, wco_region, year, month, value_basis, departure_country, category_mask, ipr_type_mask,
            any_dangerous, any_other)
    )
),
-- Every case dimension of the contract is required or read 'not_given' when empty, so no item is NULL and
-- the unpivot drops only the dimensions a grouping did not hold.
case_items AS (
    UNPIVOT (
        SELECT member, wco_region, year, month, value_basis, conveyance, shipping_environment, outcome, traffic,
            procedure_initiation, small_consignment, ecommerce, concealment_method, detection_method,
            departure_country, destination_country, route, cases, articles, value_eur, value_usd
        FROM grouped WHERE grouping_set <> 'lines'
    )
    ON conveyance, shipping_environment, traffic, procedure_initiation, outcome, small_consignment, ecommerce,
        concealment_method, detection_method, departure_country, destination_country, route
    INTO NAME breakdown VALUE item
),
-- Each case once per brand of its lines, with the bases its lines of that brand are valued on as a mask.
case_brands AS (
    SELECT l.case_key, coalesce(l.brand, 'not_given') AS brand, any_value(l.member) AS member,
        any_value(l.seizure_date) AS seizure_date, coalesce(bit_or(1::UBIGINT << b.bit), 0::UBIGINT) AS basis_mask
    FROM stg_lines l
    LEFT JOIN basis_bits b ON l.value IS NOT NULL AND b.basis = coalesce(l.value_basis, 'not_given')
    GROUP BY l.case_key, coalesce(l.brand, 'not_given')
),
brand_cases AS (
    SELECT b.member, p.wco_region, p.year, p.month, b.brand, b.basis_mask, b.cases
    FROM (
        SELECT member, year(seizure_date) AS year, month(seizure_date) AS month, brand, basis_mask, count(*) AS cases
        FROM case_brands GROUP BY ALL
    ) b
    JOIN periods p USING (member, year, month)
),
-- Cases under each item of their lines, from the masks of the 'lines' grouping and the brands.
line_cases AS (
    SELECT g.member, g.wco_region, g.year, g.month, g.value_basis, 'category_provenance' AS breakdown,
        c.product_category || '|' || g.departure_country AS item, g.cases
    FROM grouped g JOIN product_category_bits c ON (g.category_mask >> c.bit) & 1 = 1
    WHERE g.grouping_set = 'lines'
    UNION ALL
    SELECT g.member, g.wco_region, g.year, g.month, g.value_basis, 'ipr_type', t.ipr_type, g.cases
    FROM grouped g JOIN ipr_bits t ON (g.ipr_type_mask >> t.bit) & 1 = 1
    WHERE g.grouping_set = 'lines'
    UNION ALL
    SELECT member, wco_region, year, month, value_basis, 'health_safety', 'yes', cases
    FROM grouped WHERE grouping_set = 'lines' AND any_dangerous
    UNION ALL
    SELECT member, wco_region, year, month, value_basis, 'health_safety', 'no', cases
    FROM grouped WHERE grouping_set = 'lines' AND any_other
    UNION ALL
    SELECT member, wco_region, year, month, 'all', 'brand', brand, cases FROM brand_cases
    UNION ALL
    SELECT b.member, b.wco_region, b.year, b.month, s.basis, 'brand', b.brand, b.cases
    FROM brand_cases b JOIN basis_bits s ON (b.basis_mask >> s.bit) & 1 = 1
),
-- Articles and values of the goods-line items: plain sums over the lines (basis NULL: lines without a
-- value, counted in 'all' only), first on every item at once, which few combinations share, then per item.
line_sums AS (
    SELECT member, year(seizure_date) AS year, month(seizure_date) AS month,
        CASE WHEN value IS NOT NULL THEN value_basis END AS basis,
        coalesce(brand, 'not_given') AS brand,
        CASE WHEN health_safety THEN 'yes' ELSE 'no' END AS health_safety,
        product_category || '|' || departure_country AS category_provenance,
        ipr_types,
        sum(articles) AS articles, sum(value_eur) AS value_eur, sum(value_usd) AS value_usd
    FROM line_values
    GROUP BY ALL
),
line_groups AS (
    SELECT p.member, p.wco_region, p.year, p.month, s.basis, s.brand, s.health_safety, s.category_provenance,
        s.ipr_types, s.articles, s.value_eur, s.value_usd
    FROM (
        SELECT member, year, month, basis, brand, health_safety, category_provenance, ipr_types,
            sum(articles) AS articles, sum(value_eur) AS value_eur, sum(value_usd) AS value_usd
        FROM line_sums
        GROUP BY GROUPING SETS (
            (member, year, month, basis, brand),
            (member, year, month, basis, health_safety),
            (member, year, month, basis, category_provenance),
            (member, year, month, basis, ipr_types)
        )
    ) s
    JOIN periods p USING (member, year, month)
),
line_items AS (
    SELECT member, wco_region, year, month, basis, breakdown, item, articles, value_eur, value_usd
    FROM (UNPIVOT (SELECT * EXCLUDE (ipr_types) FROM line_groups WHERE ipr_types IS NULL)
          ON brand, health_safety, category_provenance INTO NAME breakdown VALUE item)
    UNION ALL
    -- A line with several IPR types counts under each.
    SELECT s.member, s.wco_region, s.year, s.month, s.basis, 'ipr_type', t.ipr_type, s.articles, s.value_eur,
        s.value_usd
    FROM line_groups s JOIN ipr_type_lists t USING (ipr_types)
),
line_cells AS (
    SELECT member, wco_region, year, month, value_basis, breakdown, item, cases, NULL AS articles,
        NULL::DOUBLE AS value_eur, NULL::DOUBLE AS value_usd
    FROM line_cases
    UNION ALL
    SELECT member, wco_region, year, month, 'all', breakdown, item, 0, articles, NULL, NULL FROM line_items
    UNION ALL
    SELECT member, wco_region, year, month, basis, breakdown, item, 0, articles, value_eur, value_usd
    FROM line_items WHERE basis IS NOT NULL
)
SELECT member, wco_region, year, month, breakdown, item, value_basis, sum(cases)::BIGINT AS cases,
    coalesce(sum(articles), 0) AS articles, sum(value_eur) AS value_eur, sum(value_usd) AS value_usd
FROM case_items
GROUP BY ALL
UNION ALL
SELECT member, wco_region, year, month, breakdown, item, value_basis, sum(cases)::BIGINT AS cases,
    coalesce(sum(articles), 0) AS articles, sum(value_eur) AS value_eur, sum(value_usd) AS value_usd
FROM line_cells
GROUP BY ALL
