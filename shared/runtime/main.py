"""`python -m services.NAME`: run one service with its HTTP health and metrics until SIGINT or SIGTERM."""

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator

import uvicorn
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from shared import logs
from shared.backoff import Backoff
from shared.settings import SettingsError, load_settings

from .definition import ServiceDefinition
from .http import health_app
from .loop import run
from .service import VERSION, ServiceRuntime

log = logging.getLogger("flightdeck.runtime")


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGTERM after serving, which would kill us before we ack and close; we stop it ourselves."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve(definition: ServiceDefinition) -> None:
    """HTTP first, so /health/live answers and /health/ready says why not while Redis cannot be reached yet."""
    settings = load_settings()
    runtime = ServiceRuntime(definition, settings)
    logs.quiet_while(runtime.outage)
    port = settings.http_port if settings.http_port is not None else definition.default_port
    app = health_app(definition.name, VERSION, runtime.checks, runtime.context.routes)
    server = _Server(uvicorn.Config(app, host=settings.http_host, port=port, log_config=None, lifespan="off"))
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, lambda: setattr(server, "should_exit", True))
    log.info("http on %s:%s (/health/live, /health/ready, /metrics)", settings.http_host, port)
    http = asyncio.create_task(server.serve())
    watchdog = asyncio.create_task(_watch(runtime, server))
    watchdog.add_done_callback(lambda _: setattr(server, "should_exit", True))  # however it ended
    try:
        await http
    finally:
        watchdog.cancel()
        await asyncio.gather(watchdog, return_exceptions=True)
        await runtime.stop()
    if watchdog.done() and not watchdog.cancelled():
        if (failure := watchdog.exception()) is not None:
            raise failure
        if watchdog.result():
            raise SystemExit(1)


async def _start(runtime: ServiceRuntime) -> None:
    """Until Redis answers; the first failure is told (with what to do), the retries are not."""
    backoff = Backoff(first=0.5, most=10)
    while True:
        try:
            await runtime.start()
            runtime.outage.back()
            return
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            if not runtime.outage.down:
                log.error(
                    "cannot reach Redis at %s (%s); retrying until it answers. Start one with `redis-server` "
                    "or set REDIS_URL",
                    runtime.settings.redis_url_masked,
                    type(exc).__name__,
                )
            runtime.outage.lost(exc, certain=True)
            await asyncio.sleep(backoff.next())


async def _watch(runtime: ServiceRuntime, server: uvicorn.Server) -> bool:
    """Starts the runtime, then keeps it consuming: Redis lost and back, a group made again. Exits the process
    (True) only when background work died, so its supervisor restarts it."""
    await _start(runtime)
    while True:
        await asyncio.sleep(1)
        answers = await runtime.ping()
        if not runtime.background_alive:
            log.critical("background work stopped; exiting so the service is restarted")
            server.should_exit = True
            return True
        if answers and not runtime.subscribed:
            try:
                await runtime.resubscribe()
            except Exception as exc:  # Redis went again mid-way: the next round tries again
                runtime.outage.lost(exc)


def main(definition: ServiceDefinition) -> None:
    try:
        level = load_settings().log_level
    except SettingsError as exc:
        print(f"{definition.name}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    logs.configure(definition.name, level)
    run(serve(definition))
