-- monthly_by_category: cases, goods lines and articles per Member, month and product category.
-- A case with lines in two categories counts once in each; never add cases across categories.
-- Grain: member x year_month x product_category.
SELECT
    member, wco_region, rilo, year, month, year_month, fiscal_year, product_category,
    count(DISTINCT case_key) AS cases,
    count(*) AS lines,
    coalesce(sum(articles), 0) AS articles,
    count(DISTINCT case_key) FILTER (WHERE health_safety = 'yes') AS health_safety_cases
FROM line_facts
GROUP BY ALL
