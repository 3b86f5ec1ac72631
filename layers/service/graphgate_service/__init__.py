"""Server-side plumbing every graphgate function shares.

Reaches a function the same way everywhere: the ServiceLayer in Lambda
(/opt/python) and an editable install in tests and the local runner.
"""

__version__ = "0.1.0"
