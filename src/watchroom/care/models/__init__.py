"""Equipment care's tables, one module per concern."""
