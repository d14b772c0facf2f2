"""Optional metric providers a plan can name: a Prometheus server's figures and a Lighthouse audit of a frontend."""

from services.monitor.providers.errors import ProviderError
from services.monitor.providers.lighthouse import LighthouseScores, audit, judge
from services.monitor.providers.prometheus import PrometheusProvider

__all__ = ["LighthouseScores", "PrometheusProvider", "ProviderError", "audit", "judge"]
