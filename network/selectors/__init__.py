"""Reads of the network app, one module per area (predicates are in `network.permissions`)."""
