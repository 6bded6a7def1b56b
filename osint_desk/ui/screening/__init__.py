"""Screening the case's cards against the sanctions lists: worker, controller, results view."""
