"""Route tables of the HTTP functions: handlers that adapt requests to services."""
