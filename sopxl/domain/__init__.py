"""The pure domain: the SOP model, norms, the working calendar, cases and their times, report figures."""
