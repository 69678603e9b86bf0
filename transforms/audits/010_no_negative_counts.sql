-- No negative counts or values in the analysis tables. Returns the offending rows.
SELECT 'case_facts' AS model, case_key::VARCHAR AS row_key FROM case_facts
WHERE lines < 1 OR articles < 0 OR categories < 1
UNION ALL
SELECT 'line_facts', line_key::VARCHAR FROM line_facts
WHERE quantity <= 0 OR articles < 0 OR value < 0 OR value_eur < 0 OR value_usd < 0
UNION ALL
SELECT 'monthly_by_category', member || ' ' || year_month || ' ' || product_category FROM monthly_by_category
WHERE cases < 1 OR lines < cases OR articles < 0 OR health_safety_cases < 0 OR health_safety_cases > cases
UNION ALL
SELECT 'monthly_value', member || ' ' || year_month || ' ' || value_basis FROM monthly_value
WHERE lines_valued < 1 OR lines_unconverted < 0 OR value_eur < 0 OR value_usd < 0
UNION ALL
SELECT 'yearly_by_route', member || ' ' || year || ' ' || route_transit FROM yearly_by_route
WHERE cases < 1 OR lines < cases OR articles < 0
UNION ALL
SELECT 'yearly_by_ipr_type', member || ' ' || year || ' ' || ipr_type FROM yearly_by_ipr_type
WHERE cases < 1 OR lines < cases OR articles < 0
UNION ALL
SELECT 'headline_by_year', year::VARCHAR FROM headline_by_year
WHERE cases < 1 OR lines < cases OR articles < 0 OR reporting_members < 1 OR health_safety_cases < 0
UNION ALL
SELECT 'reporting_members', member || ' ' || year_month FROM reporting_members WHERE cases < 1 OR lines < cases
