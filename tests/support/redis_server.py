"""A real, private Redis for the test session: testcontainers where a Docker engine answers, else redis-server."""

import contextlib
import os
from collections.abc import Iterator

from shared.redis_process import redis_server, wait_for_redis


def _docker_answers() -> bool:
    if not os.environ.get("DOCKER_HOST") and not os.path.exists("/var/run/docker.sock"):
        return False
    try:
        import docker  # type: ignore[import-untyped]  # testcontainers brings it, with no type hints

        client = docker.from_env(timeout=2)
    except Exception:
        return False
    try:
        return bool(client.ping())
    except Exception:
        return False
    finally:
        client.close()


@contextlib.contextmanager
def _container() -> Iterator[str]:
    try:
        from testcontainers.community.redis import RedisContainer
    except ImportError:  # testcontainers before 4.15
        from testcontainers.redis import RedisContainer

    with RedisContainer("redis:7-alpine") as container:
        url = f"redis://{container.get_container_host_ip()}:{container.get_exposed_port(6379)}"
        wait_for_redis(url)
        yield url


@contextlib.contextmanager
def real_redis() -> Iterator[str]:
    """The server's base URL (no database number); it is stopped when the block ends."""
    with _container() if _docker_answers() else redis_server() as url:
        yield url
