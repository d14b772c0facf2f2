"""The verification bench's fleet: one process (so its CPU is not the checker's) serving SERVICES aiohttp apps on
consecutive ports, each answering /v1/item/N with a small JSON document, as a service's smoke endpoints would.

    python bench/_verify_server.py BASE_PORT SERVICES
"""

import asyncio
import json
import sys

from aiohttp import web

HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'self'"}


def app(service: int) -> web.Application:
    async def item(request: web.Request) -> web.Response:
        number = int(request.match_info["n"])
        body = json.dumps({"data": {"id": number, "service": f"s{service:02}", "items": [1, 2, 3]}})
        return web.Response(body=body, content_type="application/json", headers=HEADERS)

    made = web.Application()
    made.router.add_get("/v1/item/{n}", item)
    return made


async def serve(base: int, services: int) -> None:
    runners = []
    for index in range(services):
        runner = web.AppRunner(app(index), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", base + index, backlog=1024).start()
        runners.append(runner)
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), int(sys.argv[2])))
