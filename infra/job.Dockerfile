# The image of the Cloud Run jobs (infra/jobs.tf): the DVF loader, whose default
# command this is, and the migrations job, which overrides the command with
# `python -m common.db.migrate upgrade`. Built from the repository root:
#   docker build -f infra/job.Dockerfile -t <image> .
# The DVF grouper (native/dvf_grouper, Rust, no dependency) is built in its own
# stage; only its shared library goes into the image.
FROM rust:1.95-slim AS grouper
WORKDIR /build
COPY native/dvf_grouper/ .
RUN cargo build --release --locked

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
COPY --from=grouper /build/target/release/libdvf_grouper.so common/dvf/_native/
COPY functions/dvf_loader/ functions/dvf_loader/

USER logis
ENTRYPOINT ["python", "-m", "functions.dvf_loader", "job"]
