"""Camera health's writes, one module per concern."""
