"""Settings shared by every environment. Secrets and switches come from the environment."""

from django.utils.translation import gettext_lazy as _

from lms.env import BASE_DIR, env

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "home",
    "accounts",
    "courses",
    "enrolment",
    "attendance",
    "certificates",
    "developer_groups",
    "mentoring",
    "backups",
    "background",
    "reports",
    "audit",
    "privacy",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_q",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lms.middleware.RefuseNulMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "home.context_processors.site_navigation",
            ],
            # person_name: how every page names a person, "Erased person" once their data is erased;
            # lms.dates: how every page writes a date or a time (weekday_date, when, deadline, …).
            "builtins": ["accounts.templatetags.people", "lms.dates"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with the parameter limit of the SQLite it runs on (lms/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "lms.sqlite"
    # WAL lets readers go on while one writer works; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django's database sessions; a cookie that cannot be a session key is not looked up (lms/sessions.py).
SESSION_ENGINE = "lms.sessions"

# Redis where production runs it; a process-local cache is the embedded default. With Redis down
# the site goes on serving: a cache read is a miss and a write is dropped (django-redis ignores the
# error and logs it; the rate limits counted there let requests through until Redis is back), and
# background tasks wait in the database (background/services.py). Short timeouts keep a Redis
# that hangs from holding up requests. The read timeout is longer than the 1 s the django-q2
# broker, which shares these settings, blocks in BLPOP for a task: at 1 s the two raced and the
# worker's pusher died of "Timeout reading from socket" now and then (seen in the kill test in CI).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 3, "IGNORE_EXCEPTIONS": True},
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Finnish is the default; every URL carries its language prefix (/fi/, /sv/, /en/).
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["lms.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="koulutus@example.fi")
# Where people write to the programme: the accessibility statement's feedback channel.
CONTACT_EMAIL = env("CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)

# Accounts (django-allauth): email is the login; it must be verified before anything else.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "enrolment:my_trainings"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {
    "login": "accounts.auth_forms.LoginForm",
    "signup": "accounts.auth_forms.SignupForm",
    "reset_password": "accounts.auth_forms.ResetPasswordForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_USER_DISPLAY = "accounts.selectors.display_name"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# allauth's own rate limits (login, sign-up, password reset, confirmation mails, two-factor
# codes) are on by default; they count in the cache, which is Redis wherever more than one
# process serves. Every log-in goes through allauth: the Wagtail and Django admins' own log-in
# pages redirect to it (lms/urls.py).
# Two-factor authentication with an authenticator app (TOTP) and recovery codes; staff and every
# holder of a permission that opens other people's records must (accounts.permissions: coordinators
# among them, whatever their group is called), anyone else may.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Systeeminen työ ja MindMe"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
COORDINATORS_MUST_USE_TWO_FACTOR = True
WAGTAILADMIN_LOGIN_URL = "account_login"
# Private pages and documents send visitors to the same log-in; Wagtail's shared passwords (a
# password per page, guessed without a limit) and its admin's own password reset (emails without
# a limit) are off: passwords are reset through allauth's page, which has its limits.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Background work (django-q2): the ORM broker is the embedded default, Redis where it runs.
Q_CLUSTER = {
    "name": "lms",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 120,
    "retry": 300,
    "max_attempts": 5,
    "catch_up": False,
    "ack_failures": True,
    "label": "Django Q2",
    "sync": env.bool("Q_SYNC", default=False),
    # The broker shares the cache's Redis connection settings (and their timeouts).
    **({"django_redis": "default"} if REDIS_URL else {"orm": "default"}),
}

# Enrolment
ENROLMENT_REMINDER_DAYS = env.int("ENROLMENT_REMINDER_DAYS", default=3)
MENTORING_REMINDER_DAYS = env.int("MENTORING_REMINDER_DAYS", default=2)
CALENDAR_UID_DOMAIN = env("CALENDAR_UID_DOMAIN", default="koulutus.example.fi")

# Developer groups: members are reminded this many days before a meeting; an invitation lasts this long.
DEVELOPER_GROUP_REMINDER_DAYS = env.int("DEVELOPER_GROUP_REMINDER_DAYS", default=2)
DEVELOPER_GROUP_INVITATION_DAYS = env.int("DEVELOPER_GROUP_INVITATION_DAYS", default=14)

# Certificates: public verification lookups per client address, (count, seconds).
CERTIFICATE_VERIFY_RATE = (30, 600)
# A batch task hands over to a fresh one after this many seconds, well inside Q_CLUSTER's timeout.
CERTIFICATE_BATCH_SECONDS = 60

# Personal data (privacy.tasks.apply_retention, daily): answers to a course's own questions are
# deleted this many days after its last session; an account unused for INACTIVE_ACCOUNT_DAYS is
# erased, its holder warned INACTIVE_ACCOUNT_NOTICE_DAYS before; the audit log keeps its entries
# for AUDIT_LOG_RETENTION_DAYS. The privacy notice states these periods.
ENROLMENT_ANSWERS_RETENTION_DAYS = env.int("ENROLMENT_ANSWERS_RETENTION_DAYS", default=90)
INACTIVE_ACCOUNT_DAYS = env.int("INACTIVE_ACCOUNT_DAYS", default=3 * 365)
INACTIVE_ACCOUNT_NOTICE_DAYS = env.int("INACTIVE_ACCOUNT_NOTICE_DAYS", default=30)
AUDIT_LOG_RETENTION_DAYS = env.int("AUDIT_LOG_RETENTION_DAYS", default=5 * 365)
# Backups are kept this many days (manage.py backup --keep in docs/deploy.md): an erasure has
# left every backup by then.
BACKUP_RETENTION_DAYS = env.int("BACKUP_RETENTION_DAYS", default=14)

# The portal's name, read in the reader's language: the admin's home and title, every email's
# signature, the calendar files' organiser. Wagtail's Site record keeps it in Finnish
# (lms/portal.py), since it holds one string.
PORTAL_NAME = _("Systemic practice and MindMe trainings")

# Wagtail
WAGTAIL_SITE_NAME = PORTAL_NAME
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# No avatars from Gravatar: the admin would send each user's email hash to a third party, and
# the strict network of the deployment blocks it anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]

# Content-Security-Policy for the public site: nothing inline, nothing from elsewhere.
# The Wagtail and Django admins ship inline scripts of their own and are left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
