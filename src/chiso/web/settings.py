"""Django settings for chiso. Everything a deployment changes comes from environment variables.

CHISO_DATABASE_URL  database (sqlite:///path or postgres://…); default: a SQLite file under CHISO_HOME
CHISO_HOME          where chiso keeps its data (default ~/.local/share/chiso)
CHISO_SECRET_KEY    secret key (or CHISO_SECRET_KEY_FILE); default: generated once into CHISO_HOME
CHISO_DEBUG         1 to run with Django's debug pages
CHISO_ALLOWED_HOSTS comma-separated host names (default 127.0.0.1,localhost)
"""

from __future__ import annotations

import os
from pathlib import Path

from chiso.web.env import database_config, env_bool, env_list, home, secret_key

BASE_DIR = Path(__file__).resolve().parent
CHISO_HOME = home()

SECRET_KEY = secret_key(CHISO_HOME)
DEBUG = env_bool("CHISO_DEBUG", False)
ALLOWED_HOSTS = env_list("CHISO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "chiso.web.store",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "chiso.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "chiso.web.wsgi.application"

DATABASES = {"default": database_config(CHISO_HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
] if os.environ.get("CHISO_ARGON2", "1") == "1" else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = CHISO_HOME / "static"
