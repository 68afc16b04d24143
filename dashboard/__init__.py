"""Posture dashboard: US and coalition military posture in Iraq and at al-Tanf, 2014-2026."""
