"""The dashboard's authentication: users with argon2 passwords, sessions and API tokens in Redis, and the
guard every route uses."""
