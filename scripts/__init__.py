"""Release tooling run by the deploy pipeline (cloudbuild.yaml) and by hand."""
