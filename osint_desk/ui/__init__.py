"""The Qt front of OSINT Desk: windows and views over osint_desk.core."""
