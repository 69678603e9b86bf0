-- monthly_by_category: cases, goods lines and articles per Member, month and product category.
-- A case with lines in two categories counts once in each; never add cases across categories.
-- Grain: member x year_month x product_category.
WITH line_totals AS (
    SELECT
        member, wco_region, rilo, year, month, year_month, fiscal_year, product_category,
        sum(lines)::BIGINT AS lines,
        coalesce(sum(articles), 0) AS articles
    FROM line_rollup
    GROUP BY ALL
), case_counts AS (
    SELECT
        r.member, r.year_month, b.product_category,
        sum(r.cases)::BIGINT AS cases,
        coalesce(sum(r.cases) FILTER (WHERE (r.health_safety_category_mask >> b.bit) & 1 = 1), 0)::BIGINT
            AS health_safety_cases
    FROM case_rollup r
    JOIN product_category_bits b ON (r.category_mask >> b.bit) & 1 = 1
    GROUP BY ALL
)
SELECT
    l.member, l.wco_region, l.rilo, l.year, l.month, l.year_month, l.fiscal_year, l.product_category,
    c.cases, l.lines, l.articles, c.health_safety_cases
FROM line_totals l
JOIN case_counts c USING (member, year_month, product_category)
