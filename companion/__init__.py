"""Second Look companion: scores social-media drafts against Highline's guideline 4309P, on the staff member's laptop."""

__version__ = "0.1.0"
