"""Every sentence about the person is built here, one module per concern, from typed facts.

The analyses (`analytics/*.py`) find the facts and return them as records; the modules here turn
those facts into words, so each sentence is true for 0, 1, ties and small numbers wherever it is
said, and a chart's title and the summary beside it come from the same function.
`tests/test_words.py` rejects a sentence built with an f-string anywhere else in `analytics/`.

- `phrases`: the shared pieces (counts with plurals, "k of n", ties, "too few", the voice:
  `YOU` in the app, `ME` in the brief) and the sentences not yet moved to a module of their own.
"""
