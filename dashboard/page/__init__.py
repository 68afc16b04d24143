"""The Streamlit page, in parts: `session` (view state and the URL), `data` (cached data for shipped and
uploaded records), `panels` (one function per panel or view). With `dashboard/app.py`, the only modules
that import streamlit; each part calls the pure modules for everything it shows.
"""
