"""Local runner: graphgate API on 127.0.0.1 without AWS or Docker."""
