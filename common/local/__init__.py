"""The zero-setup local stack: ``python -m common.local up|down|status`` (``make run``).

``up`` starts an embedded PostgreSQL (unless ``APP_DATABASE_URL`` is set), applies the
migrations and serves every HTTP function of the collection on http://127.0.0.1:8080.
"""
