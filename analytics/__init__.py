"""Between Sessions' core: storage, analytics and chart builders, with no Streamlit in it."""
