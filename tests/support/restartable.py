"""The dashboard process stopped and started again on the same port, for tests of a page that lives through a
restart: the same runtime as dashboard_world, on our own Redis, served by real uvicorn on a port the test keeps."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import uvicorn

from services.dashboard.app import DEFINITION
from shared.runtime.http import health_app
from shared.runtime.service import VERSION
from tests.support.asgi_server import _Server
from tests.support.inprocess import running


@contextlib.asynccontextmanager
async def dashboard_on(redis_url: str, plan_file: Path, port: int) -> AsyncIterator[str]:
    """The dashboard on 127.0.0.1:`port` until the block ends; yields its base URL. Users are made by the test."""
    async with running(DEFINITION, redis_url, plan_file=str(plan_file)) as runtime:
        app = health_app("dashboard", VERSION, runtime.checks, runtime.context.routes)
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off")
        server = _Server(config)
        task = asyncio.create_task(server.serve())
        try:
            async with asyncio.timeout(20):
                while not server.started:
                    if task.done():
                        task.result()
                        raise RuntimeError(f"uvicorn stopped before serving on port {port}")
                    await asyncio.sleep(0.01)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            await asyncio.gather(task, return_exceptions=True)
