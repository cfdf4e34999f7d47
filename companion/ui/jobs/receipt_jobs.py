"""The names receipt pages imported before the one job runner (``runner``).

Kept so that callers written against ``receipt_jobs`` (``Job``, ``JobFn``,
``run_with_progress`` with ``fn(progress, cancelled)``) keep working; new
code imports from ``companion.ui.jobs.runner``.
"""

from companion.ui.jobs.runner import Job, JobFn, run_with_progress

__all__ = ["Job", "JobFn", "run_with_progress"]
