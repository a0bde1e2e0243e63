# Mock-interview bot: slim Python image, non-root user, database on a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
RUN pip install . && useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot /data

USER bot
VOLUME ["/data"]
ENV DATABASE_URL=sqlite+aiosqlite:////data/interview-bot.sqlite3 CONTENT_DIR=/app/content
ENTRYPOINT ["interview-bot"]
CMD ["run"]
