"""Gazette's default-dictionary builder: one module per source family.

`pipeline.build()` runs the converters (countries, subdivisions, cities, leaders,
organizations, media, ...) and the shared alias rules, and returns the output files;
`data/build.py` is the command line around it.
"""
