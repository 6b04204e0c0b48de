"""DVF price analysis: comparables, robust statistics, market trend, verdict."""
