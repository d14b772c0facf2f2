"""The event types that are no alert, each with why. With the rules' types this covers the whole catalog (a test
checks it), so a new event type is a decision: give it a rule in rules.py, or list it here."""

NOT_ALERTING: dict[str, str] = {
    # a deployment's ordinary course: the dashboard and `flightdeck status` show it, nobody needs paging for it
    "deploy-requested": "a request; what becomes of it is alerted when it fails",
    "deployment-queued": "it waits its turn; nothing is wrong",
    "deployment-rejected": "the requester gets the reason in the CLI's answer; nothing ran",
    "deploy-request-repeated": "a request retried: the deployment it names alerts as it goes, once",
    "deploy-request-refused": "the requester gets the reason (its id is taken); nothing ran, the deployment goes on",
    "deployment-started": "the ordinary course of a deployment",
    "stage-started": "the ordinary course of a deployment",
    "stage-succeeded": "the ordinary course of a deployment",
    "stage-failed": "its services' service-deploy-failed or health-gate-failed, then deployment-failed, alert",
    "service-deploy-started": "the alerter notes the service is being deployed (no health alerts meanwhile)",
    "service-deploy-succeeded": "the alerter notes the service is deployed there",
    "health-gate-requested": "the ordinary course of a deployment",
    "health-gate-passed": "the alerter notes the gate's end: health alerts count again",
    "verification-requested": "the ordinary course of a deployment",
    "verification-passed": "the ordinary course of a deployment",
    "bake-started": "the ordinary course of a deployment",
    "approval-granted": "the answer to approval-requested, told by whoever granted it",
    "cancel-requested": "deployment-cancelled tells what came of it",
    "deployment-recorded": "a deployment done by hand; the alerter notes the services deployed there",
    "deployment-paused": "deployment-failed, published just before it, is the critical alert",
    "resume-requested": "a person's answer to a paused deployment",
    "rollback-requested": "rollback-started is the notice, rollback-completed or rollback-failed the outcome",
    # recovery between deployments: the service's own health-degraded alert is the page
    "drift-detected": "reported in `flightdeck status`; a service that is unwell with it alerts by its health",
    "restart-attempted": "the service's health-degraded alert fires until it recovers",
    "restart-limit-reached": "the service's health-degraded alert still fires and escalates while unacknowledged",
    "incident-opened": "its trigger (a failure or degradation) is the alert",
    "incident-resolved": "the trigger's resolution is told where the trigger was",
    # the alerter's own traffic and people's answers to it
    "alert-sent": "the alerter's own record of a notification",
    "alert-failed": "the alerter's own record of a notification",
    "alert-escalated": "the alerter's own record of an escalation",
    "alert-acknowledged": "a person's answer to an alert",
    "silence-created": "a person's instruction to the alerter",
    "silence-expired": "a person's instruction to the alerter",
    "plan-applied": "a person's change, told by whoever applied it",
    "digest-ready": "not an alert: the digest itself, sent as it is to its channels (services/alerter/digests.py)",
}
