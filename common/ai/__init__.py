"""AI providers (Gemini, local) behind one port, and the schemas they fill."""
