"""Forms of the directory: the edit forms of its entries (`entries`), the other staff forms
(`staff`), the public submission form (`submissions`) and the Integreat upload (`integreat`).

Forms only parse input; the services validate against the data and write.
"""
