"""Writes of the directory, one module per concept: offers, places, events, their texts and
translations (`translations`, `machine_translation`), community submissions, the directory
settings and the Integreat import (`imports`).

Each function checks the permission with `directory/permissions.py`, validates (`full_clean`),
saves and writes the audit record in one transaction. A change of the German original marks
every other language of the entry `outdated` in the same transaction.
"""
