"""gunicorn's configuration: `gunicorn config.wsgi --config deploy/gunicorn.conf.py`."""

# The production settings whatever the shell exported (wsgi.py only sets a default).
raw_env = ["DJANGO_SETTINGS_MODULE=config.settings.production"]
bind = "127.0.0.1:8000"  # only nginx on this machine talks to gunicorn
workers = 4
# nginx already refuses bodies over client_max_body_size; this bounds a slow client's hold.
timeout = 60
# gunicorn trusts X-Forwarded-* only from these addresses; the app reads the client address
# itself (config.network, TRUSTED_PROXY_COUNT).
forwarded_allow_ips = "127.0.0.1"
