"""The default message templates, per part: a headline (Slack's title, an e-mail's subject), the text and the HTML
of a message. A channel's own templates (alerting.channels.X.templates) replace them part by part."""

HEADLINE = "{{ headline }}"

TEXT = """\
{{ headline }}
{% if kind == "escalation" %}
Nobody has acknowledged this yet: escalation level {{ escalation_level }}.
{% endif %}
{% for alert in firing + resolved %}

{{ alert.status | upper }} [{{ alert.severity | upper }}] {{ alert.summary }}
  event: {{ alert.name }} (alert {{ alert.fingerprint }})
  environment: {{ alert.environment }}
{% if alert.service %}
  service: {{ alert.service }}
{% elif alert.services %}
  services: {{ alert.services | join(", ") }}
{% endif %}
{% if alert.deployment_id %}
  deployment: {{ alert.deployment_id }}
{% endif %}
  started: {{ alert.starts_at | utc }}
{% if alert.ends_at %}
  ended: {{ alert.ends_at | utc }}
{% endif %}
{% for key, value in alert.details | dictsort %}
  {{ key }}: {{ value }}
{% endfor %}
{% if alert.status == "firing" and links.acknowledge.get(alert.fingerprint) %}
  acknowledge: {{ links.acknowledge[alert.fingerprint] }}
{% endif %}
{% endfor %}
{% if links.deployment %}

Deployment: {{ links.deployment }}
{% endif %}
"""

HTML = """\
<!doctype html>
<html><body style="font-family: sans-serif">
<h2>{{ headline }}</h2>
{% if kind == "escalation" %}
<p><strong>Nobody has acknowledged this yet: escalation level {{ escalation_level }}.</strong></p>
{% endif %}
{% for alert in firing + resolved %}
<h3>{{ alert.status | upper }} [{{ alert.severity | upper }}] {{ alert.summary }}</h3>
<table cellpadding="2">
<tr><th align="left">Event</th><td>{{ alert.name }} (alert <code>{{ alert.fingerprint }}</code>)</td></tr>
<tr><th align="left">Environment</th><td>{{ alert.environment }}</td></tr>
{% if alert.service or alert.services %}
<tr><th align="left">Service</th><td>{{ alert.service or (alert.services | join(", ")) }}</td></tr>
{% endif %}
{% if alert.deployment_id %}
<tr><th align="left">Deployment</th><td>{{ alert.deployment_id }}</td></tr>
{% endif %}
<tr><th align="left">Started</th><td>{{ alert.starts_at | utc }}</td></tr>
{% if alert.ends_at %}
<tr><th align="left">Ended</th><td>{{ alert.ends_at | utc }}</td></tr>
{% endif %}
{% for key, value in alert.details | dictsort %}
<tr><th align="left">{{ key }}</th><td>{{ value }}</td></tr>
{% endfor %}
</table>
{% if alert.status == "firing" and links.acknowledge.get(alert.fingerprint) %}
<p><a href="{{ links.acknowledge[alert.fingerprint] }}">Acknowledge</a></p>
{% endif %}
{% endfor %}
{% if links.deployment %}
<p><a href="{{ links.deployment }}">Open the deployment</a></p>
{% endif %}
</body></html>
"""

DEFAULTS: dict[str, str] = {"title": HEADLINE, "subject": HEADLINE, "text": TEXT, "html": HTML}
