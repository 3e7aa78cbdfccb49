"""Figures and words for people: money, dates, sentences, colours and chart builders.

`format` is the only place figures are rounded (and the currency symbol looked up);
`sentences` and `forecast_sentences` say what results mean; `palette` holds the colours
the charts and the board pack share; `charts` turns results into Plotly figures (the only
modules that import Plotly). Reads results from `model`, `engine`, `decisions` and
`forecast`; never imports `report`, `cli` or Streamlit.
"""
