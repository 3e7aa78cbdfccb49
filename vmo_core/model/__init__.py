"""The portfolio as plain records, and the plan the scheduler works on.

`portfolio` holds the validated records (settings, pools, projects, demands, dependencies,
capacity changes, actuals) and the calendar (weeks counted from the as-of date); `plan`
holds `Plan` (the priority list, the projects as a scenario has them, their demands and
each pool's `CapacityLine`) and `baseline_plan`, the portfolio as it stands. Every other
package builds on these; model itself depends on nothing else in vmo_core.
"""
