"""Hand-written fakes of external services (real protocols on loopback)."""
