"""Doing With: the plain-Python core of the co-production knowledge base.

Nothing here imports MkDocs. The core knows the vocabularies, the schema, how to
load and check stories and resources, how to build the catalogue, the pages
generated from it and the open-data exports. ``hooks/`` adapts it to MkDocs.
"""

__version__ = "0.1.0"
