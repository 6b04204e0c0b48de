"""Accuracy of the offline document intelligence on the labelled corpus."""
