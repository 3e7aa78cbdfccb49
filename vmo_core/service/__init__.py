"""The service layer: who may do what, and the writes that check it.

Every write the app offers (an upload or edit as a new snapshot, saving or deleting a saved
scenario, adopting a scenario) goes through `writes`, which takes the acting user, refuses one
whose role does not allow it with a message saying why, and records who made it.
"""
