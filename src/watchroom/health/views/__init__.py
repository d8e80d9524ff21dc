"""Camera health's pages, one module per concern."""
