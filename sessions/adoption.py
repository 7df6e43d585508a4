"""Running here a session another process ran: after a restart (`restore`, every stored
session) or a takeover in scale-out (`adopt`, one; `take_over`, with its lease)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from .core.timeline import Timeline
from .livesession import LiveSession, from_row

if TYPE_CHECKING:
    from .lease import Leases
    from .live import Live
    from .redis_store import RedisStore

log = logging.getLogger(__name__)


def restore(live: Live, now: int) -> int:
    """Load the sessions a previous process left; they run on by their schedule. Their
    devices start gone and re-join by their keys. Returns how many came back."""
    if live.store is None:
        return 0
    for row in live.store.load_sessions():
        try:
            adopt(live, row, now)
        except (KeyError, TypeError, ValueError) as err:  # one bad row loses only itself
            log.error("could not restore session %s: %r", row.get("id"), err)
    return len(live.sessions)


def adopt(live: Live, row: dict, now: int) -> LiveSession:
    """Run a stored session in `live` from `now` on (after a restart, or a takeover).

    Steps that ended on time since the row was written are counted, not announced: the
    devices heard them from the process that ran the session then. The session then says
    once where it is now, with reason "takeover"."""
    timeline = (live.registry.timeline(row["timeline_hash"])
                or live.registry.shared(Timeline.from_dict(row["timeline"])))
    session = from_row(row, timeline, now, live.process_alive)
    passed = session.runner.tick(now)
    live.publish.account(session, passed)
    if passed:
        live.publish.save(session, now)
    live.publish.beat_if_wanted(session, now)
    live.emit("state", session.snapshot(now, "takeover"), session.id)
    live.registry.add(session)
    live.reschedule(session)
    return session


def take_over(live: Live, leases: Leases, store: RedisStore, session_id: str,
              now: int) -> bool:
    """Run in `live`, from `now` on, a session whose lease lapsed, from its stored state;
    False if another process took it first, or it ended, or its row cannot be read."""
    # here, not at the top: one process without Redis uses this module too, and the redis
    # package is an extra it need not have
    from .fenced_store import answering
    from .redis_store import LeaseLost

    if not leases.acquire(session_id):
        return False
    row = store.load_session(session_id)
    if row is None:  # it ended
        leases.retire(session_id)
        return False
    try:
        with answering():
            adopt(live, row, now)
    except LeaseLost:  # taken by another process meanwhile
        return False
    except (KeyError, TypeError, ValueError) as err:  # left in Redis, run by nobody
        log.error("could not take session %s over: %r", session_id, err)
        leases.retire(session_id)
        return False
    except BaseException:
        leases.release(session_id)  # to be taken again, here or elsewhere
        raise
    return True
