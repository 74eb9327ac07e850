"""Every sentence about the person is built here, one module per concern, from typed facts.

The analyses (`analytics/*.py`) find the facts and return them as records; the modules here turn
those facts into words, so each sentence is true for 0, 1, ties and small numbers wherever it is
said, and a chart's title and the summary beside it come from the same function.
`tests/test_words.py` rejects a sentence built with an f-string anywhere else in `analytics/`,
and lists the modules whose sentences are still to be moved here.

- `phrases`: the shared pieces (counts with plurals, "k of n", ties, "too few", the voice:
  `YOU` in the app, `ME` in the brief).
- `patterns`: a factor's days, a claimed pattern, the Patterns page's title and needs.
- `aftermath`: the days after a therapy session.
- `nouns`: the one table of what each kind of entry is called.
- `recovery`: how long setbacks took to ease (`setbacks.Recovery`), said the same everywhere.
- `progress`: the Progress page's headline, summary and recovery title.
- `triggers`: the Triggers page's summary and its charts' titles.
- `practice`: streaks, the strongest habit, the week's targets.
- `overview`: what the Home page's week figures are made of.
- `search`: what a search found.
- `measures`: the questionnaires (PHQ-9, GAD-7, WHO-5): scores, changes, due, item 9.
- `plan`: "My plan for after therapy": warning signs and what helps.
- `goals`: a goal's change and the count over every goal.
- `sleep`: the sleep average and its change from the period before.
- `sessions`: the tasks agreed at a session and how each went.
- `safety`: what is said when PHQ-9 item 9 is above 0.
- `restore`: what a restore's plan says it adds, keeps, changes and removes, and its refusals.
"""
