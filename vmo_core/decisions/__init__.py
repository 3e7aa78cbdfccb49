"""The questions a VMO brings to the steering meeting, answered in money.

Sequencing and the optimiser, constraint (shadow) prices, intake of a proposal, the stop
ranking, benefits against their business cases, the ranked interventions, and the same
answers on calibrated estimates. Each is one pure function returning a typed result with
`to_dict()`. Depends on `engine`, `model`, `errors` and forecast's calibration (for
`calibrated=True`); never on `present`: the words for these results live there.
"""
