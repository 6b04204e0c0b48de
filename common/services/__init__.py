"""Use-cases: services own the transaction and raise only AppError subclasses."""
