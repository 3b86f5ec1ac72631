"""graphgate-admin: operator commands (tenants and keys), for AWS and the local runner."""
