"""Every POST body of the care pages is read by a form here, one module per concern."""
