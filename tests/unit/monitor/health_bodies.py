"""What the parser's tests send: content types and JSON bodies."""

import json
from typing import Any

JSON, HEALTH_JSON = "application/json", "application/health+json"
ACTUATOR = "application/vnd.spring-boot.actuator.v3+json"


def body(document: Any) -> bytes:
    return json.dumps(document).encode()
