"""The operators every admin test directory is built with: (email, password)."""
ADMIN = ("admin@example.org", "correct horse battery staple")
EDITOR = ("editor@example.org", "another long passphrase")
