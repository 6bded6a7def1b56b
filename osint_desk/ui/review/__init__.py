"""The suggestion review queue (issue 16): what the case's sources name, to accept or reject."""
