-- case_facts: one row per current case with its case-level dimensions and its line totals: goods lines,
-- articles, whether any line is dangerous to health and safety, and the number of product categories.
-- Counting cases by a case-level dimension reads this table (count(*) = cases, never double counted).
-- Grain: case. Key: case_key.
-- Built as a view: the dimensions of stg_cases joined to the totals of case_line_totals on case_key.
SELECT
    c.*,
    coalesce(t.lines, 0) AS lines,
    coalesce(t.articles, 0) AS articles,
    CASE WHEN t.any_health_safety THEN 'yes' ELSE 'no' END AS health_safety,
    coalesce(bit_count(t.category_mask), 0)::BIGINT AS categories
FROM stg_cases c
LEFT JOIN case_line_totals t USING (case_key)
