-- case_line_items: the goods lines of each current case added up once for the report models: per value
-- basis of its valued lines (basis NULL: lines without a value), and per value basis and item of one line
-- breakdown (brand, health and safety, product category, list of IPR types), with articles and value in
-- EUR and USD. monthly_breakdowns and significant_candidates read these rows instead of joining every goods
-- line to its case again for each breakdown.
-- Grain: case_key x basis x breakdown x item. breakdown is NULL on the case's total for the basis.
WITH lines AS (
    SELECT
        case_key,
        CASE WHEN value IS NOT NULL THEN value_basis END AS basis,
        coalesce(brand, 'not_given') AS brand,
        CASE WHEN health_safety THEN 'yes' ELSE 'no' END AS health_safety,
        product_category,
        ipr_types,
        articles,
        value_eur,
        value_usd
    FROM line_values
)
SELECT
    case_key,
    basis,
    CASE WHEN grouping(brand) = 0 THEN 'brand'
         WHEN grouping(health_safety) = 0 THEN 'health_safety'
         WHEN grouping(product_category) = 0 THEN 'product_category'
         WHEN grouping(ipr_types) = 0 THEN 'ipr_types' END AS breakdown,
    CASE WHEN grouping(brand) = 0 THEN brand
         WHEN grouping(health_safety) = 0 THEN health_safety
         WHEN grouping(product_category) = 0 THEN product_category
         WHEN grouping(ipr_types) = 0 THEN ipr_types END AS item,
    sum(articles) AS articles,
    sum(value_eur) AS value_eur,
    sum(value_usd) AS value_usd
FROM lines
GROUP BY GROUPING SETS (
    (case_key, basis),
    (case_key, basis, brand),
    (case_key, basis, health_safety),
    (case_key, basis, product_category),
    (case_key, basis, ipr_types)
)
