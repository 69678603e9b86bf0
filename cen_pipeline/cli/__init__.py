"""The `cen` command: one module per command group, wiring only (parse options, call the library, render)."""
