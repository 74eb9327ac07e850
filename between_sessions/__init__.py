"""The app as Streamlit runs it: `server.py` (the web server's own checks) serving `app.py`
(navigation, sidebar, the journal connection), with `.streamlit/config.toml` beside them.

They live in a package of their own so that an installed copy (`pip install .`) holds them
too: Streamlit reads the settings in `.streamlit/` beside the file it runs, wherever the
person starts `between app` from. Nothing imports this package; `serving.serve` runs it.
"""
