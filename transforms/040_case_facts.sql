-- case_facts: one row per current case with its case-level dimensions and its line totals: goods lines,
-- articles, whether any line is dangerous to health and safety, and the number of product categories.
-- Counting cases by a case-level dimension reads this table (count(*) = cases, never double counted).
-- Grain: case. Key: case_key.
SELECT
    c.*,
    coalesce(t.lines, 0) AS lines,
    coalesce(t.articles, 0) AS articles,
    coalesce(t.health_safety, 'no') AS health_safety,
    coalesce(t.categories, 0) AS categories
FROM stg_cases c
LEFT JOIN (
    SELECT
        case_key,
        count(*) AS lines,
        sum(articles) AS articles,
        CASE WHEN bool_or(health_safety = 'yes') THEN 'yes' ELSE 'no' END AS health_safety,
        count(DISTINCT product_category) AS categories
    FROM line_facts
    GROUP BY case_key
) t USING (case_key)
