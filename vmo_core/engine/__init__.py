"""Schedules and their value: scenarios, the compiled kernel, valuation, comparisons.

`scenario` applies a scenario's changes to a `model.Plan` (`plan_for`, `apply_scenario`);
`scheduling` compiles a plan to arrays and places it with a Numba kernel; `valuation` puts
money on each finish week; `ranks` holds CD3; `evaluation` is the entry point (`schedule`,
`compare`, `FastPlan` for the optimiser's many runs); `results` the typed answers.
Depends on `model`, `errors` and io's cell readers (a scenario's added projects are read
as a file's are); never on decisions, forecast, present or report.
"""
