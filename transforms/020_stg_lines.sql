-- stg_lines: one row per goods line of a current case, with its HS chapter and number of articles.
-- Articles: the number of articles sent, else the quantity when the unit counts articles (pieces, pairs);
-- NULL otherwise (kilograms or litres are not articles).
-- Grain: goods line. Key: (member, case_ref, line_no), or line_key (the row of the line in the store's
-- `goods_lines` table); case_key is the key of its case in stg_cases, seizure_date and departure_country
-- (provenance, 'not_given' when empty) its case's.
-- Built as a view: the one join of the stored lines with their current case version, read by the models
-- that add lines up; it carries only the case's key, day and provenance, so that the join stays narrow.
SELECT
    l.reporting_member AS member,
    l.case_ref,
    l.line_no,
    l.product_category,
    l.hs_code,
    left(l.hs_code, 2) AS hs_chapter,
    l.brand,
    l.right_holder,
    l.ipr_types,
    l.quantity,
    l.unit,
    l.articles AS articles_sent,
    coalesce(l.articles::DECIMAL(38, 4), CASE WHEN l.unit IN ('pieces', 'pairs') THEN l.quantity END)
        AS articles,
    l.value,
    l.currency,
    l.value_basis,
    l.health_safety,
    l.rowid AS line_key,
    c.rowid AS case_key,
    c.seizure_date,
    coalesce(c.departure_country, 'not_given') AS departure_country
-- The rule of the store's current_lines view, read from the tables so that their rows can be the keys.
FROM goods_lines l
JOIN cases c USING (reporting_member, case_ref, version)
WHERE c.is_current AND NOT c.withdrawn
