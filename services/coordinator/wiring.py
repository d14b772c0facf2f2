"""Builds the coordinator from its parts: store, job queue, runner, timers and handlers, for one replica."""

import os

from redis.asyncio.client import Pipeline

from shared.bus.handlers import Handlers
from shared.runtime import ServiceContext

from .domain.effects import RunCommand, StopCommands
from .execution import DeploymentLog, Job, JobQueue, Runner, job_id_for
from .handlers import Coordinator
from .store import DeploymentStore
from .timers import run_timers

LEASE_S = float(os.environ.get("FLIGHTDECK_COMMAND_LEASE", "10"))
CONCURRENCY = int(os.environ.get("FLIGHTDECK_COMMAND_CONCURRENCY", "32"))  # commands one replica runs at once


def job_for(command: RunCommand) -> Job:
    """The job stores the command as written in the plan and its values; the runner fills them in when it runs,
    so resolved secrets (${NAME} from the coordinator's environment) are never written to Redis."""
    return Job(
        deployment_id=command.deployment_id,
        environment=command.environment,
        service=command.service,
        kind=command.kind,
        argv=tuple(command.template),
        values=command.values,
        timeout_s=command.timeout_s,
        idempotent=command.idempotent,
        version=command.version,
        correlation_id=command.correlation_id,
        causation_id=command.causation_id,
        job_id=command.job_id or "",
        env={
            **command.variables,
            "FLIGHTDECK_DEPLOYMENT_ID": command.deployment_id,
            "FLIGHTDECK_ENVIRONMENT": command.environment,
            "FLIGHTDECK_SERVICE": command.service,
            "FLIGHTDECK_VERSION": command.version,
            "FLIGHTDECK_STEP": command.kind,
        },
    )


def build(context: ServiceContext) -> Handlers:
    queue = JobQueue(context.redis, context.keys, lease_s=LEASE_S)

    def enqueue(pipe: Pipeline, command: RunCommand) -> None:
        queue.enqueue(pipe, job_for(command))

    async def stop(effect: StopCommands) -> None:
        for service in effect.services:
            for kind in ("deploy", "switch"):  # cancelling a job that never existed is harmless
                await queue.cancel(job_id_for(effect.deployment_id, service, kind))
        for job_id in effect.job_ids:
            await queue.cancel(job_id)

    store = DeploymentStore(context.redis, context.keys, enqueue)
    coordinator = Coordinator(store, context.plans, stop)
    runner = Runner(
        context.redis,
        context.keys,
        queue,
        DeploymentLog(context.redis, context.keys),
        owner=context.settings.consumer_for(context.name),
        concurrency=CONCURRENCY,
        cwd=os.environ.get("FLIGHTDECK_WORKDIR") or None,
    )
    context.background.append(runner.run_forever)
    context.background.append(lambda: run_timers(context.redis, store.own.timers, coordinator.timer))
    return coordinator.handlers()
