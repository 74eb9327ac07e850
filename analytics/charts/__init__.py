"""Chart builders: tidy DataFrames in, Altair charts out; no Streamlit."""
