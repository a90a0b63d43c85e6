"""Certificates: issued for completions, verified in public by their code, revoked with a reason."""
