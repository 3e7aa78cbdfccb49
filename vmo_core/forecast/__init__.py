"""Ranges from past delivery: calibration on actuals and Monte Carlo forecasts.

`calibration` learns how late and how short of their promise finished projects landed
(overall and by theme) and can scale a portfolio to P50 estimates; `montecarlo` draws from
that record to give P10/P50/P90 value and P50/P85 finish dates, for a plan and a change.
Depends on `engine`, `model` and `errors`; never on `decisions` or `present`.
"""
