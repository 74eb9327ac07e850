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
- `written`: what a `between` command says it wrote (export, backup, brief, plan, reminders).
- `command_refusals`: why a `between` command did nothing (no journal, dates with no days).
- `password_prompts`: a password for a locked file refused, empty or not opening it.
- `pairing`: `between app --phone` and `between pair`: the address, certificate and secret.
- `backup_list`: what `between backups` says beside its list.
- `command_help`: the `between` command's help texts that name a value.
- `backup_restore`: what restoring a backup did, and a damaged backup's refusal.
- `brief_pdf`: the PDF brief's footer, period line, preview, what is left out, tick boxes.
- `first_page`: the brief's page 1 (sessions, practices against targets, the table's notes).
- `locked`: choosing a password for a locked export or brief.
- `reminders`: a questionnaire due, in the reminders calendar.
- `export_zip`: where an export zip came from, and why it cannot be restored.
- `imports`: what an import says: columns read, how files were read, the preview, the result.
- `import_problems`: what is wrong with an imported file or row, and the refusals of a file.
- `periods`: a page's period and the one before it ("in the last 30 days").
- `restore`: what a restore's plan says it adds, keeps, changes and removes, and its refusals.
"""
