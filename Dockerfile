# centra-bridge service: `serve` (scheduler, status page, webhooks) or `worker` (queued jobs).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
# service: the page, Procrastinate and psycopg (binary wheel: no libpq package needed);
# postgres: psycopg2 for the state store and the PostgreSQL warehouse.
RUN pip install '.[service,postgres]' \
 && useradd --create-home --uid 10001 bridge \
 && mkdir -p /data && chown bridge /data
USER bridge
WORKDIR /data
EXPOSE 8787
# SIGTERM (docker stop) lets each job finish and confirm its current events batch.
STOPSIGNAL SIGTERM
ENTRYPOINT ["centra-bridge", "--config", "/config/service.toml"]
CMD ["serve", "--host", "0.0.0.0", "--workers", "0"]
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8787/healthz', timeout=4)" || exit 1
