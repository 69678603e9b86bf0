-- case_rollup: current cases counted per Member, month and the masks of their lines (product categories,
-- health-and-safety categories, IPR types; see case_line_totals), with their lines and articles. Cases per
-- category or IPR type are sums over the rows whose mask holds its bit: a case counts once under each.
-- Grain: member x year_month x category_mask x health_safety_category_mask x ipr_type_mask.
SELECT
    c.member, c.wco_region, c.rilo, c.year, c.month, c.year_month, c.fiscal_year,
    t.category_mask, t.health_safety_category_mask, t.ipr_type_mask,
    count(*) AS cases,
    coalesce(sum(t.lines), 0)::BIGINT AS lines,
    coalesce(sum(t.articles), 0) AS articles,
    count(*) FILTER (WHERE t.any_health_safety) AS health_safety_cases
FROM stg_cases c
LEFT JOIN case_line_totals t USING (case_key)
GROUP BY ALL
