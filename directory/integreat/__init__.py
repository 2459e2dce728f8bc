"""Integreat's API v3 export as the directory reads it: the upload (`files`), its values
(`text`, `mapping`), the complete check (`items`, `checks`, `report`) and the writing
(`writing`). The import itself is the service `directory.services.imports.integreat_import`."""
