-- case_line_totals: the goods lines of each current case added up: lines, articles, lines dangerous to
-- health and safety (and whether there is any), and as bit masks the product categories of its lines, the
-- categories of its health-and-safety lines and its IPR types (bits from product_category_bits and
-- ipr_type_lists).
-- The one pass over every goods line for the case-level tables: counting the cases of a category or an IPR
-- type then reads one mask per case instead of counting distinct cases over the lines.
-- Grain: case. Key: case_key. case_facts adds it to the case's dimensions.
WITH ipr_masks AS (
    SELECT ipr_types, bit_or(1::UBIGINT << bit) AS ipr_type_mask FROM ipr_type_lists GROUP BY ipr_types
)
SELECT
    l.case_key,
    count(*) AS lines,
    sum(l.articles) AS articles,
    count(*) FILTER (WHERE l.health_safety) AS health_safety_lines,
    bool_or(l.health_safety) AS any_health_safety,
    bit_or(1::UBIGINT << b.bit) AS category_mask,
    bit_or(CASE WHEN l.health_safety THEN 1::UBIGINT << b.bit ELSE 0::UBIGINT END) AS health_safety_category_mask,
    coalesce(bit_or(i.ipr_type_mask), 0::UBIGINT) AS ipr_type_mask
-- stg_lines, not line_facts: the totals need neither the case's dimensions nor the converted values.
FROM stg_lines l
LEFT JOIN product_category_bits b USING (product_category)
LEFT JOIN ipr_masks i USING (ipr_types)
GROUP BY l.case_key
