import streamlit as st

st.set_page_config(page_title="Coalition posture in Iraq, 2014-2026")
st.write("Coalition posture in Iraq, 2014-2026: the dashboard is being built.")
