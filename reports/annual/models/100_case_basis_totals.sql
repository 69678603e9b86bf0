-- case_basis_totals: the valued goods lines of each current case added up per value basis: lines, lines
-- dangerous to health and safety, articles, value in EUR and USD, and as bit masks the product categories
-- and IPR types of those lines (bits from product_category_bits and ipr_type_lists). The report models
-- count a case once under each basis it has values on, and once under each category and IPR type of its
-- lines valued on that basis, from these rows instead of from every goods line.
-- Grain: case x value basis. Lines without a value have no row. Key: (case_key, basis).
WITH ipr_masks AS (
    SELECT ipr_types, bit_or(1::UBIGINT << bit) AS ipr_type_mask FROM ipr_type_lists GROUP BY ipr_types
)
SELECT
    l.case_key,
    l.value_basis AS basis,
    count(*) AS lines,
    count(*) FILTER (WHERE l.health_safety) AS health_safety_lines,
    sum(l.articles) AS articles,
    sum(l.value_eur) AS value_eur,
    sum(l.value_usd) AS value_usd,
    bit_or(1::UBIGINT << b.bit) AS category_mask,
    coalesce(bit_or(i.ipr_type_mask), 0::UBIGINT) AS ipr_type_mask
FROM line_values l
LEFT JOIN product_category_bits b USING (product_category)
LEFT JOIN ipr_masks i USING (ipr_types)
WHERE l.value IS NOT NULL
GROUP BY l.case_key, l.value_basis
