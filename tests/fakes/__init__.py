"""Hand-written fakes: external services on loopback, our own ports in memory."""
