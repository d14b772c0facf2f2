"""The verification part of a plan: smoke expectations, performance and security settings, integration checks,
each mistake named where it is."""

from tests.unit.plan.helpers import base, parsed, problems


def with_verification(verification: dict[str, object]) -> dict[str, object]:
    data = base()
    data["services"]["api"]["verification"] = verification
    return data


def test_a_full_verification_section_loads() -> None:
    data = with_verification(
        {
            "smoke": [
                {
                    "url": "https://api.example/v1/orders",
                    "method": "post",
                    "body": '{"q": "${TOKEN}"}',
                    "retries": 2,
                    "retry_delay": "500ms",
                    "expect": {
                        "json": [{"path": "data.items[0].id", "equals": 7}],
                        "headers": {"x-version": "{version}"},
                    },
                }
            ],
            "performance": {"requests": 500, "concurrency": 8, "duration": "20s", "regression_threshold": "10%"},
            "security": {"require_auth": ["https://api.example/admin"], "scanner": ["trivy", "image", "api:{version}"]},
        }
    )
    data["integration"] = [{"name": "checkout", "through": ["api"], "url": "https://web.example/checkout"}]
    plan = parsed(data)
    verification = plan.services["api"].verification
    assert verification.smoke[0].method == "POST" and verification.smoke[0].expect.json_fields[0].test == "equals"
    assert verification.performance is not None and verification.performance.regression_threshold == 0.1
    assert verification.security is not None and verification.security.scanner == ["trivy", "image", "api:{version}"]
    assert plan.integration[0].through == ["api"]


def test_mistakes_are_named_where_they_are() -> None:
    data = with_verification(
        {
            "smoke": [{"url": "https://api.example/", "expect": {"json": [{"path": "a..b"}]}, "retries": 11}],
            "performance": {"concurrency": 0},
            "security": {"scanner": "trivy image api"},
        }
    )
    data["integration"] = [{"name": "checkout", "through": ["api", "wbe"], "url": "https://web.example/"}]
    found = problems(data)
    assert any(
        p.startswith("services.api.verification.smoke[0].expect.json[0].path: ") and "character 2" in p for p in found
    )
    assert any(p.startswith("services.api.verification.smoke[0].retries: ") for p in found)
    assert any(p.startswith("services.api.verification.performance.concurrency: ") for p in found)
    assert any(p.startswith("services.api.verification.security.scanner: ") for p in found)
    assert "integration[0].through[1]: 'wbe' is not a service in this plan; the services are 'api'" in found
