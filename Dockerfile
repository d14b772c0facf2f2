# One image for every Flightdeck service; compose.yaml (or Kubernetes) picks the service with the command.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
COPY cli ./cli
RUN pip install --no-cache-dir .
ENV FLIGHTDECK_HTTP_HOST=0.0.0.0
USER nobody
ENTRYPOINT ["flightdeck", "run"]
