"""The status page: one server-rendered HTML page, no script, no fonts or styles from elsewhere
(it works offline and behind any proxy). It renders a ``ServiceStatus`` and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from centra_bridge.service._status import JobStatus, ServiceStatus, ShopStatus

__all__ = ["render_status"]

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d232a;background:#f6f7f9}
h1{font-size:1.3rem;margin:0 0 .3rem} h2{font-size:1.1rem;margin:0}
.shop{background:#fff;border:1px solid #d8dde3;border-left:6px solid #2f9e44;border-radius:6px;
padding:.8rem 1rem;margin:1rem 0}
.shop.failing{border-left-color:#e03131}
.badge{display:inline-block;padding:0 .5rem;border-radius:9px;font-size:.8rem;color:#fff;
background:#2f9e44;margin-left:.5rem} .failing .badge{background:#e03131}
table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eceff3;vertical-align:top}
th{font-weight:600;color:#56606b} .failed{color:#c92a2a;font-weight:600} .ok{color:#2b8a3e}
.hint{color:#7c5b00} .facts{color:#56606b;margin:.3rem 0 0} .facts span{margin-right:1.2rem}
"""


_MODES = {"events": "from Centra's events system", "polling": "by polling (no events)"}


def _when(moment: float | None, now: float) -> str:
    if moment is None:
        return "—"
    delta = moment - now
    text = datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    if abs(delta) < 1:
        return f"{text} (now)"
    return f"{text} ({_duration(abs(delta))} {'from now' if delta > 0 else 'ago'})"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _job_row(job: JobStatus, now: float) -> str:
    problem = ""
    if job.error:
        problem = f'<div class="failed">{escape(job.error)}</div>'
        if job.hint:
            problem += f'<div class="hint">Hint: {escape(job.hint)}</div>'
    took = "—" if job.seconds is None else f"{job.seconds:.1f} s"
    outcome = job.outcome if job.previous is None else f"{job.outcome} (last: {job.previous})"
    css = "failed" if job.failing else job.outcome
    return (
        f'<tr data-job="{escape(job.job)}"><td>{escape(job.job)}</td>'
        f'<td class="{escape(css)}">{escape(outcome)}</td>'
        f"<td>{_when(job.last_started, now)}</td><td>{took}</td><td>{job.rows:,}</td>"
        f"<td>{_when(job.next_run, now)}</td><td>{problem}</td></tr>"
    )


def _shop(shop: ShopStatus, now: float) -> str:
    state = "healthy" if shop.healthy else "failing"
    facts = [
        "changes: " + _MODES.get(shop.events_mode or "", "not known before the first sync"),
        f"lag: {'—' if shop.lag_seconds is None else _duration(shop.lag_seconds)}",
        f"rate budget used: {shop.rate_budget_share:.1%} of the hour's requests "
        f"({shop.requests_last_hour:,})",
    ]
    if shop.invitations_pending is not None:
        facts.append(f"invitations pending: {shop.invitations_pending:,}")
    if shop.erp_ready_pending is not None:
        facts.append(f"ERP orders ready: {shop.erp_ready_pending:,}")
    if shop.erp_files_waiting is not None:
        facts.append(f"ERP files waiting: {shop.erp_files_waiting:,}")
    facts += [f"problem: {escape(p)}" for p in shop.problems]
    rows = "".join(_job_row(job, now) for job in shop.jobs)
    return (
        f'<section class="shop {state}" data-shop="{escape(shop.name)}" data-state="{state}">'
        f'<h2>{escape(shop.name)}<span class="badge">{state}</span></h2>'
        f'<div class="facts">{escape(shop.endpoint)}</div>'
        f'<p class="facts">{"".join(f"<span>{f}</span>" for f in facts)}</p>'
        "<table><thead><tr><th>job</th><th>outcome</th><th>last run</th><th>took</th>"
        "<th>rows</th><th>next run</th><th>error</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def render_status(status: ServiceStatus, *, refresh: int = 15) -> str:
    failing = sum(not s.healthy for s in status.shops)
    summary = (
        f"{len(status.shops)} shops, {failing} failing" if failing
        else f"{len(status.shops)} shops, all healthy"
    )  # fmt: skip
    body = "".join(_shop(shop, status.now) for shop in status.shops)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{refresh}">'
        '<link rel="icon" href="data:,">'  # no favicon request (a 404 in the console)
        f"<title>centra-bridge: {escape(summary)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>centra-bridge service</h1><p>{escape(summary)} · "
        f"{'jobs through the PostgreSQL queue' if status.queued else 'jobs in this process'}"
        f" · {_when(status.now, status.now)}</p>{body}</body></html>"
    )
