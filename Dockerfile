# Mock-interview bot: slim Python image, non-root user, SQLite database under /data by default.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
RUN pip install . && useradd --create-home --uid 10001 bot && mkdir -p /data && chown bot /data

USER bot
# Mount a volume on /data for SQLite (docker run -v bot-data:/data ...). There is no VOLUME line: it
# would leave an empty anonymous volume behind for every PostgreSQL worker and one-shot command.
ENV DATABASE_URL=sqlite+aiosqlite:////data/interview-bot.sqlite3 CONTENT_DIR=/app/content
ENTRYPOINT ["interview-bot"]
CMD ["run"]
