"""Camera health's tables, one module per concern."""
