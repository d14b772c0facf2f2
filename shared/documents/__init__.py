"""A JSON document kept as a Redis hash, so that a writer rewrites only the parts that changed and a reader that
wrote last can tell by one small field that what it holds is still current (layout.py says how it is laid out,
reading.py reads one whatever its layout, the plain JSON string of earlier releases included)."""
