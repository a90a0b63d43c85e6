"""Mandatory-training compliance: requirements by agency, sector and role, and each person's
status against them, computed from completions whenever it is asked for."""
