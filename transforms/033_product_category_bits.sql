-- product_category_bits: the bit of each product category in category_mask (case_line_totals), so that the
-- categories of a case fit in one integer and cases per category are counted without a distinct count
-- over every goods line. At most 64 categories (the code list has 32).
-- Grain: product_category.
SELECT
    product_category,
    CASE WHEN bit < 64 THEN bit ELSE error('more than 64 product categories: widen category_mask') END::UTINYINT
        AS bit
FROM (
    SELECT product_category, row_number() OVER (ORDER BY product_category) - 1 AS bit
    FROM (SELECT DISTINCT product_category FROM goods_lines WHERE product_category IS NOT NULL)
)
