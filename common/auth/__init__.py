"""Better Auth-compatible credentials and sessions."""
