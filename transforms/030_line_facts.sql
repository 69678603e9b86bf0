-- line_facts: every dimension and measure per goods line: the case's periods, places and route joined to
-- the line, and the value converted to EUR and USD at the ECB reference rate of the seizure day (fx_rates).
-- A value whose currency has no rate stays NULL in EUR and USD and is flagged value_unconverted.
-- Grain: goods line. Key: line_key; case_key joins case_facts.
SELECT
    row_number() OVER (ORDER BY c.case_key, l.line_no) AS line_key,
    c.*,
    l.line_no,
    l.product_category,
    coalesce(l.hs_chapter, 'not_given') AS hs_chapter,
    coalesce(l.brand, 'not_given') AS brand,
    l.ipr_types,
    CASE WHEN l.health_safety THEN 'yes' ELSE 'no' END AS health_safety,
    l.unit,
    l.quantity,
    l.articles,
    l.value,
    l.currency,
    coalesce(l.value_basis, 'not_given') AS value_basis,
    l.value * r.eur_per_unit AS value_eur,
    l.value * r.eur_per_unit / u.eur_per_unit AS value_usd,
    (l.value IS NOT NULL AND r.eur_per_unit IS NULL) AS value_unconverted
FROM stg_lines l
JOIN stg_cases c USING (member, case_ref)
LEFT JOIN fx_rates r ON r.currency = l.currency AND r.day = c.seizure_date
LEFT JOIN fx_rates u ON u.currency = 'USD' AND u.day = c.seizure_date
