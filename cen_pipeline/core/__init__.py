"""What every stage stands on: asset folders, DuckDB connections, exit codes, templates and progress bars."""
