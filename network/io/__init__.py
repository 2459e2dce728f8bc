"""Import of organisations (with contacts) from CSV/XLSX and export of the network's data."""
