"""Stored queue.job rows run as queue_job's runner runs them."""

from contextlib import nullcontext

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job


def run_job(env, job):
    """Run the queue.job row ``job`` whatever its ETA, with the steps of the
    runner's /queue_job/runjob: done, postponed as the job function's
    retry_pattern says (RetryableJobError, until max_retries), or failed with
    its message. A job that may commit runs in a cursor of its own, which
    needs the registry in test mode (HttpCase, or enter_test_mode)."""
    env.flush_all()
    loaded = Job.load(env, job.uuid)
    loaded.set_started()
    loaded.store()
    # The job's own transaction: rolled back on failure unless it commits.
    own = nullcontext() if loaded.job_config.allow_commit else env.cr.savepoint()
    try:
        with own:
            loaded.perform()
    except RetryableJobError as err:
        loaded.postpone(result=str(err), seconds=err.seconds)
        loaded.set_pending(reset_retry=False)
    except Exception as exc:  # pylint: disable=broad-except
        loaded.set_failed(
            exc_name=exc.__class__.__name__, exc_message=str(exc), exc_info=str(exc)
        )
    else:
        loaded.set_done()
    loaded.store()
    env.invalidate_all()
    return job


def jobs_of(env, key):
    """The stored jobs of an identity key, newest first."""
    return env["queue.job"].search([("identity_key", "=", key)], order="id desc")
