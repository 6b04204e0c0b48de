# The image of the Cloud Run jobs (infra/jobs.tf): the DVF loader, whose default
# command this is, and the migrations job, which overrides the command with
# `python -m common.db.migrate upgrade`. Built from the repository root:
#   docker build -f infra/job.Dockerfile -t <image> .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --create-home --uid 10001 logis
WORKDIR /app

COPY requirements.txt .
RUN pip install --requirement requirements.txt

COPY common/ common/
COPY functions/dvf_loader/ functions/dvf_loader/

USER logis
ENTRYPOINT ["python", "-m", "functions.dvf_loader", "job"]
