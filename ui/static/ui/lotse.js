// Lotse's page behaviour. Loaded as a file: the Content Security Policy forbids inline scripts.
