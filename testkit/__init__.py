"""What the tests and the bench both use, so that neither imports the other: synthetic journals
with planted truths (`synthetic`, `patterns_synthetic`, `aftermath_synthetic`), import files
made to measure (`import_files`) and Debian's chromium driven by playwright (`browser`).
Never shipped with the app (pyproject's packages leave it out).
"""
