-- line_ipr_types: one row per goods line and IPR type it infringes. A line with two IPR types counts once
-- under each type in an IPR breakdown (so the types of one line add up to more than the line).
-- Grain: goods line x IPR type. Join line_facts on line_key.
-- Built as a view: the yearly table counts IPR types from ipr_type_lists instead.
SELECT l.line_key, l.case_key, t.ipr_type
FROM stg_lines l
JOIN ipr_type_lists t USING (ipr_types)
