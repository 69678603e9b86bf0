-- line_ipr_types: one row per goods line and IPR type it infringes. A line with two IPR types counts once
-- under each type in an IPR breakdown (so the types of one line add up to more than the line).
-- Grain: goods line x IPR type. Join line_facts on line_key.
SELECT DISTINCT line_key, case_key, trim(t.ipr_type) AS ipr_type
FROM (SELECT line_key, case_key, unnest(string_split(ipr_types, '|')) AS ipr_type FROM line_facts) t
WHERE trim(t.ipr_type) <> ''
