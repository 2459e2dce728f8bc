"""Views of the directory: the public pages (`shell`, `public`, `submit`), the staff pages under
/angebote/ (`staff`, `offers`, `translations`, `entries`, `moderation`) and the Integreat import
(`integreat`)."""
