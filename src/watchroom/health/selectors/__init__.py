"""Camera health's reads and the refusals its pages and services share, one module per
concern."""
