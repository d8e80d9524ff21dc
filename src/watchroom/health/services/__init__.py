"""Camera health's writes, one module per concern; each public one a `@service`."""
