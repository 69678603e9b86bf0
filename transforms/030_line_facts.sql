-- line_facts: every dimension and measure per goods line: the case's periods, places and route joined to
-- the line, and the value converted to EUR and USD at the ECB reference rate of the seizure day (see
-- line_values). A value whose currency has no rate stays NULL in EUR and USD and is flagged
-- value_unconverted.
-- Grain: goods line. Key: line_key; case_key joins case_facts.
-- Built as a view: each reader joins the lines to their case; writing every goods line again with every
-- case column would cost more than all the models that read it.
SELECT
    l.line_key,
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
    l.value_basis,
    l.value_eur,
    l.value_usd,
    l.value_unconverted
FROM line_values l
JOIN stg_cases c USING (case_key)
