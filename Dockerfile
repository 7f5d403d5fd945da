# The SSP Platform as a container image: the same pinned packages as `make setup` (pyproject.toml and
# package-lock.json), built in stages so the running image holds neither compilers nor npm.
# Build: docker build -t ssp-platform .   Run one municipality: docker compose -f deploy/compose.yaml up

# 1. Front-end packages from npm, copied into the app's static files (no CDN at run time).
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
RUN mkdir -p vendor/dkfds vendor/htmx vendor/axe \
 && cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/fonts node_modules/dkfds/dist/img node_modules/dkfds/dist/js vendor/dkfds/ \
 && cp node_modules/htmx.org/dist/htmx.min.js vendor/htmx/ \
 && cp node_modules/axe-core/axe.min.js vendor/axe/

# 2. Python packages into a virtual environment, translations compiled, static files collected.
FROM python:3.11-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY ssp ./ssp
COPY structure-packs ./structure-packs
COPY --from=assets /src/vendor ./ssp/static/vendor
# Editable, so the settings' BASE_DIR is /app and the structure packs and catalogues are found beside the code.
RUN pip install --no-cache-dir -e .
RUN cd ssp && SSP_VAR_DIR=/tmp/build-var SECRET_KEY=build-only ssp compilemessages --verbosity 0 \
 && SSP_VAR_DIR=/tmp/build-var SECRET_KEY=build-only ssp collectstatic --noinput --verbosity 0 \
 && mv /tmp/build-var/static /app/static

# 3. The running image: the venv, the app, the PostgreSQL client (backups) and xmlsec1 (SAML signatures).
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client xmlsec1 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/ssp --create-home ssp
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
COPY --from=build --chown=ssp:ssp /app/static /var/lib/ssp/static
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    SSP_VAR_DIR=/var/lib/ssp \
    SSP_LOG_FORMAT=json \
    PROMETHEUS_MULTIPROC_DIR=/tmp/ssp-metrics
USER ssp
RUN mkdir -p /tmp/ssp-metrics
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=2)"]
CMD ["gunicorn", "ssp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--forwarded-allow-ips", "*"]
