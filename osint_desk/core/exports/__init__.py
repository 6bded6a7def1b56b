"""Interop exports of a case: formats other tools read (FollowTheMoney, ...)."""
