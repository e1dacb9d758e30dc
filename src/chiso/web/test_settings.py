"""Settings for the test suite: a private CHISO_HOME, and PostgreSQL when CHISO_TEST_DATABASE_URL is set.

pytest-django reads settings before any conftest runs, so the environment is prepared here.
"""

from __future__ import annotations

import os
import tempfile

os.environ["CHISO_HOME"] = tempfile.mkdtemp(prefix="chiso-test-home-")
os.environ.setdefault("CHISO_SECRET_KEY", "chiso-tests-only")
os.environ["CHISO_ARGON2"] = "0"  # for the servers the tests start: see PASSWORD_HASHERS below
if os.environ.get("CHISO_TEST_DATABASE_URL"):
    os.environ["CHISO_DATABASE_URL"] = os.environ["CHISO_TEST_DATABASE_URL"]
else:
    os.environ.pop("CHISO_DATABASE_URL", None)

from chiso.web import settings as _base  # noqa: E402  (reads the environment prepared above)

globals().update({name: getattr(_base, name) for name in dir(_base) if name.isupper()})

# Django's advice for test speed: a password hashed in a millisecond, where PBKDF2's million rounds take a
# second of the suite's time for every persona signed up; what passwords cost is not what the tests measure.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
