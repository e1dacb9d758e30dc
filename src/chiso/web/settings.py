"""Django settings for chiso. Everything a deployment changes comes from environment variables.

CHISO_DATABASE_URL  database (sqlite:///path or postgres://…); default: a SQLite file under CHISO_HOME
CHISO_HOME          where chiso keeps its data (default ~/.local/share/chiso)
CHISO_SQLITE_BUSY_TIMEOUT seconds a SQLite write waits for another process's write lock (default 20)
CHISO_SECRET_KEY    secret key (or CHISO_SECRET_KEY_FILE); default: generated once into CHISO_HOME
CHISO_DEBUG         1 to run with Django's debug pages
CHISO_ALLOWED_HOSTS comma-separated host names (default 127.0.0.1,localhost)
CHISO_SECURE_COOKIES 1 behind HTTPS: cookies only over HTTPS, HSTS
CHISO_PUBLIC_DASHBOARD 1 to let anyone read the dashboard without logging in (off by default)
CHISO_TRUSTED_PROXIES comma-separated addresses or networks of reverse proxies whose X-Forwarded-For is believed
CHISO_EMAIL_*       mail of the notifications (docs/notifications.md): BACKEND console (default), file or smtp;
                    FILE_PATH (default CHISO_HOME/mail), HOST, PORT, HOST_USER, HOST_PASSWORD, USE_TLS, USE_SSL,
                    FROM, SITE_URL (the address links in a mail start with)
"""

from __future__ import annotations

import os
from pathlib import Path

from chiso.web.clientip import proxy_list
from chiso.web.env import database_config, email_backend, env_bool, env_int, env_list, home, secret_key
from chiso.web.logs import django_logging

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
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "chiso.store",
    "chiso.web.accounts",
    "chiso.web.dashboard",
    "chiso.web.entry",
    "chiso.web.transfer",
    "chiso.web.api",
    "chiso.web.rounds",
    "chiso.web.manage",
    "chiso.web.notify",
    "chiso.web.ministry",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # before WhiteNoise, so static files carry the policy too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chiso.web.locale.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chiso.web.busy.BusyStoreMiddleware",  # a write that waited too long for SQLite's lock: 503, not 500
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "chiso.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "chiso.web.accounts.context.navigation",
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
# Django's four validators, for every password chiso sets (`chiso user add`, the management pages): not like
# the username or e-mail, at least 8 characters, not a common one, not digits only.
AUTH_PASSWORD_VALIDATORS: list[dict[str, str | dict[str, int]]] = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = CHISO_HOME / "static"
# Files come from the apps (WHITENOISE_USE_FINDERS); an absent STATIC_ROOT only makes WhiteNoise warn on each request.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served by WhiteNoise from the app folders, so `chiso serve` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
LOCALE_PATHS = [BASE_DIR / "locale"]
# Server errors, one JSON object a line, to CHISO_HOME/logs/chiso.log (rotated) and stderr: see chiso.web.logs.
LOGGING = django_logging(CHISO_HOME / "logs")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins after repeated failures
    "django.contrib.auth.backends.ModelBackend",
    "chiso.web.accounts.backends.RolePermissions",  # a chiso admin reads the store in the Django admin
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# A username at one client address: by username alone anyone could lock any account, by address alone one
# person could lock everyone behind the same NAT.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "chiso.web.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "chiso.web.accounts.lockout.locked_out"
TRUSTED_PROXIES = proxy_list(env_list("CHISO_TRUSTED_PROXIES", []))
AXES_RESET_ON_SUCCESS = True

SECURE_COOKIES = env_bool("CHISO_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Pages use chiso's own vendored files only (htmx, Chart.js) and nothing inline: allow nothing else.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"], "base-uri": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
    "object-src": ["'none'"]}}
SECURE_HSTS_SECONDS = 31536000 if SECURE_COOKIES else 0
PUBLIC_DASHBOARD = env_bool("CHISO_PUBLIC_DASHBOARD", False)

# Mail of the notifications: printed by default; the demo writes files under CHISO_HOME/mail; SMTP in production.
EMAIL_BACKEND = email_backend(os.environ.get("CHISO_EMAIL_BACKEND") or "console")
EMAIL_FILE_PATH = os.environ.get("CHISO_EMAIL_FILE_PATH") or str(CHISO_HOME / "mail")
EMAIL_HOST = os.environ.get("CHISO_EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("CHISO_EMAIL_PORT", 25, 1, 65535)
EMAIL_HOST_USER = os.environ.get("CHISO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CHISO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CHISO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("CHISO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("CHISO_EMAIL_TIMEOUT", 30, 1, 600)
DEFAULT_FROM_EMAIL = os.environ.get("CHISO_EMAIL_FROM") or "chiso <chiso@localhost>"
EMAIL_SITE_URL = os.environ.get("CHISO_EMAIL_SITE_URL") or "http://127.0.0.1:8000"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "chiso API",
    "DESCRIPTION": "Bộ chỉ tiêu, đơn vị, giá trị, kết quả kiểm tra và đánh giá thực hiện chỉ tiêu.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
