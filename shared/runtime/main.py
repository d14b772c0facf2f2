"""`python -m services.NAME`: run one service with its HTTP health and metrics until SIGINT or SIGTERM."""

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator

import uvicorn
from redis.exceptions import ConnectionError as RedisConnectionError

from shared import logs
from shared.settings import SettingsError, load_settings

from .definition import ServiceDefinition
from .http import health_app
from .service import VERSION, ServiceRuntime

log = logging.getLogger("flightdeck.runtime")


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGTERM after serving, which would kill us before we ack and close; we stop it ourselves."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve(definition: ServiceDefinition) -> None:
    settings = load_settings()
    runtime = ServiceRuntime(definition, settings)
    port = settings.http_port if settings.http_port is not None else definition.default_port
    app = health_app(definition.name, VERSION, runtime.checks, runtime.context.routes)
    server = _Server(uvicorn.Config(app, host=settings.http_host, port=port, log_config=None, lifespan="off"))
    delay = 0.5
    while True:
        try:
            await runtime.start()
            break
        except (RedisConnectionError, OSError) as exc:
            log.error(
                "cannot reach Redis at %s (%s); retrying in %.1fs. Start one with `redis-server` or set REDIS_URL",
                settings.redis_url_masked,
                type(exc).__name__,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, lambda: setattr(server, "should_exit", True))
    log.info("http on %s:%s (/health/live, /health/ready, /metrics)", settings.http_host, port)
    watchdog = asyncio.create_task(_watch(runtime, server))
    try:
        await server.serve()
    finally:
        watchdog.cancel()
        await runtime.stop()
    if not watchdog.cancelled() and watchdog.done() and watchdog.result():
        raise SystemExit(1)


async def _watch(runtime: ServiceRuntime, server: uvicorn.Server) -> bool:
    """Exits the process when consuming stopped for good, so its supervisor restarts it and the group is recreated."""
    while runtime.consuming:  # noqa: ASYNC110 (FastStream offers no event for a stopped subscriber)
        await asyncio.sleep(1)
    log.critical("a consumer stopped (was the stream or its group deleted?); exiting so the service is restarted")
    server.should_exit = True
    return True


def main(definition: ServiceDefinition) -> None:
    try:
        level = load_settings().log_level
    except SettingsError as exc:
        print(f"{definition.name}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    logs.configure(definition.name, level)
    asyncio.run(serve(definition))
