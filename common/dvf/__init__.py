"""DVF (Demandes de valeurs foncières): file formats, grouping, the loader."""
