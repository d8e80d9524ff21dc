"""Camera health's reads, one module per concern."""
