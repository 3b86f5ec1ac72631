"""Op families. Import order matters only for the registry: graphgate/__init__ imports them."""
