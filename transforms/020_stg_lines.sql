-- stg_lines: one row per goods line of a current case, with its HS chapter and number of articles.
-- Articles: the number of articles sent, else the quantity when the unit counts articles (pieces, pairs);
-- NULL otherwise (kilograms or litres are not articles).
-- Grain: goods line. Key: (member, case_ref, line_no).
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
    l.health_safety
FROM current_lines l
