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
-- Each case once with basis 'all' (its cases and articles), then once per basis of its valued lines; the
-- goods lines are read once, in case_line_items.
WITH case_bases AS (
    SELECT case_key, 'all' AS value_basis, articles, NULL::DOUBLE AS value_eur, NULL::DOUBLE AS value_usd
    FROM case_facts
    UNION ALL
    SELECT case_key, basis, articles, value_eur, value_usd
    FROM case_line_items WHERE breakdown IS NULL AND basis IS NOT NULL
),
case_rows AS (
    SELECT c.member, c.wco_region, c.year, c.month, p.value_basis, c.conveyance, c.shipping_environment,
        c.traffic, c.procedure_initiation, c.outcome, c.small_consignment, c.ecommerce, c.concealment_method,
        c.detection_method, c.departure_country, c.destination_country, c.route,
        p.articles, p.value_eur, p.value_usd
    FROM case_bases p JOIN stg_cases c USING (case_key)
),
-- A line with several IPR types counts under each: its list is split into its types here, on the few rows
-- per case, not on every goods line.
ipr_cells AS (
    SELECT i.case_key, i.basis, 'ipr_type' AS breakdown, t.ipr_type AS item, i.articles, i.value_eur, i.value_usd
    FROM case_line_items i JOIN ipr_type_lists t ON t.ipr_types = i.item
    WHERE i.breakdown = 'ipr_types'
),
line_cells AS (
    SELECT case_key, basis, breakdown, item, articles, value_eur, value_usd
    FROM case_line_items WHERE breakdown IN ('brand', 'health_safety', 'product_category')
    UNION ALL
    SELECT * FROM ipr_cells
),
-- Per case and item, so that a case counts once under each item of its lines: 'all' over every line, and
-- per basis over the valued lines only. case_line_items has one row per case, basis and item already; only
-- the IPR types, split from two lists of one case, are added up again.
case_items AS (
    SELECT case_key, 'all' AS value_basis, breakdown, item, sum(articles) AS articles,
        NULL::DOUBLE AS value_eur, NULL::DOUBLE AS value_usd
    FROM line_cells
    GROUP BY case_key, breakdown, item
    UNION ALL
    SELECT case_key, basis, breakdown, item, articles, value_eur, value_usd
    FROM case_line_items
    WHERE breakdown IN ('brand', 'health_safety', 'product_category') AND basis IS NOT NULL
    UNION ALL
    SELECT case_key, basis, breakdown, item, sum(articles), sum(value_eur), sum(value_usd)
    FROM ipr_cells WHERE basis IS NOT NULL
    GROUP BY case_key, basis, breakdown, item
),
line_items AS (
    SELECT c.member, c.wco_region, c.year, c.month, i.value_basis,
        CASE WHEN i.breakdown = 'product_category' THEN 'category_provenance' ELSE i.breakdown END AS breakdown,
        CASE WHEN i.breakdown = 'product_category' THEN i.item || '|' || c.departure_country ELSE i.item END
            AS item,
        i.articles, i.value_eur, i.value_usd
    FROM case_items i JOIN stg_cases c USING (case_key)
)
SELECT member, wco_region, year, month,
    CASE WHEN grouping(conveyance) = 0 THEN 'conveyance'
         WHEN grouping(shipping_environment) = 0 THEN 'shipping_environment'
         WHEN grouping(traffic) = 0 THEN 'traffic'
         WHEN grouping(procedure_initiation) = 0 THEN 'procedure_initiation'
         WHEN grouping(outcome) = 0 THEN 'outcome'
         WHEN grouping(small_consignment) = 0 THEN 'small_consignment'
         WHEN grouping(ecommerce) = 0 THEN 'ecommerce'
         WHEN grouping(concealment_method) = 0 THEN 'concealment_method'
         WHEN grouping(detection_method) = 0 THEN 'detection_method'
         WHEN grouping(departure_country) = 0 THEN 'departure_country'
         WHEN grouping(destination_country) = 0 THEN 'destination_country'
         ELSE 'route' END AS breakdown,
    coalesce(conveyance, shipping_environment, traffic, procedure_initiation, outcome, small_consignment,
        ecommerce, concealment_method, detection_method, departure_country, destination_country, route) AS item,
    value_basis, count(*) AS cases, coalesce(sum(articles), 0) AS articles, sum(value_eur) AS value_eur,
    sum(value_usd) AS value_usd
FROM case_rows
GROUP BY GROUPING SETS (
    (member, wco_region, year, month, value_basis, conveyance),
    (member, wco_region, year, month, value_basis, shipping_environment),
    (member, wco_region, year, month, value_basis, traffic),
    (member, wco_region, year, month, value_basis, procedure_initiation),
    (member, wco_region, year, month, value_basis, outcome),
    (member, wco_region, year, month, value_basis, small_consignment),
    (member, wco_region, year, month, value_basis, ecommerce),
    (member, wco_region, year, month, value_basis, concealment_method),
    (member, wco_region, year, month, value_basis, detection_method),
    (member, wco_region, year, month, value_basis, departure_country),
    (member, wco_region, year, month, value_basis, destination_country),
    (member, wco_region, year, month, value_basis, route)
)
UNION ALL
SELECT member, wco_region, year, month, breakdown, item, value_basis, count(*) AS cases,
    coalesce(sum(articles), 0) AS articles, sum(value_eur) AS value_eur, sum(value_usd) AS value_usd
FROM line_items
GROUP BY ALL
