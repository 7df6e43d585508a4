"""Who is in a live session: its devices as they join, come back, report and leave.

Pure: socket ids, fresh device ids and key hashes, and the time are passed in. A device is
known by the secret key it was given on its first join and presents on every re-join (only
the key's hash is kept); its socket id changes on every reconnect, so it is only where to
reach the device now. A device gone for longer than the grace period is dropped, so
join-and-leave cycles do not grow the list that every roster event and save carries.
"""

from __future__ import annotations

from dataclasses import dataclass

from .access import SessionError

DEVICE_GRACE_MS = 2 * 60_000  # long enough to ride out a dropped connection or a reload
REPORTABLE = ("audio_unlocked", "muted", "offset_ms", "rtt_ms")


@dataclass(eq=False)
class Device:
    id: str  # public: every device of the session sees it
    key_hash: str  # the hash of the key it presents to come back as itself; "" for none
    client: str  # its current socket id
    role: str  # controller or follower
    name: str = ""
    left_at: int | None = None  # when its socket went away; None while connected
    audio_unlocked: bool = False
    muted: bool = False
    offset_ms: float | None = None
    rtt_ms: float | None = None
    process: str = ""  # the server process its socket is on (scale-out); "" when alone
    heartbeat: bool = False  # wants the 1 Hz `timer` (a simple client; the page does not)

    @property
    def connected(self) -> bool:
        return self.left_at is None

    def public(self) -> dict:
        """What the other devices see: no socket id, no key hash."""
        return {"id": self.id, "role": self.role, "name": self.name,
                "connected": self.connected, "audio_unlocked": self.audio_unlocked,
                "muted": self.muted, "offset_ms": self.offset_ms, "rtt_ms": self.rtt_ms}


class Roster:
    def __init__(self, devices: list[Device] | tuple = (),
                 unattended_since: int | None = None):
        self.devices: dict[str, Device] = {d.id: d for d in devices}
        self.unattended_since = unattended_since  # when the last device left; None if any is here

    def by_client(self, client: str) -> Device | None:
        return next((d for d in self.devices.values() if d.client == client), None)

    def by_key(self, key_hash: str | None) -> Device | None:
        if not key_hash:
            return None
        return next((d for d in self.devices.values() if d.key_hash == key_hash), None)

    def heartbeat_clients(self) -> list[str]:
        """The sockets of the connected devices that asked for the 1 Hz `timer`."""
        return [d.client for d in self.devices.values() if d.heartbeat and d.connected]

    def connected_followers(self) -> int:
        return sum(d.role == "follower" and d.connected for d in self.devices.values())

    def join(self, client: str, role: str, name: str, key_hash: str | None,
             fresh: tuple[str, str], max_followers: int, process: str = "",
             heartbeat: bool = False) -> Device:
        """Bring back the device whose key hash is `key_hash` (or the one on this socket),
        else add one with `fresh` = (its public id, the hash of its new key). A device that
        came back without its key gets the fresh key instead: its old one is unknown here.

        A follower is refused while `max_followers` other followers are connected.
        """
        device = self.by_key(key_hash) or self.by_client(client)
        if role == "follower":
            others = self.connected_followers() - (device is not None and device.connected
                                                   and device.role == "follower")
            if others >= max_followers:
                raise SessionError(f"this session already has {max_followers} followers",
                                   "too_many_followers")
        if device is None:
            device = Device(fresh[0], fresh[1], client, role)
            self.devices[device.id] = device
        elif not key_hash or device.key_hash != key_hash:
            device.key_hash = fresh[1]  # back on its socket without its key: a new key
        device.client, device.role, device.left_at, device.process = client, role, None, process
        device.heartbeat = heartbeat
        if name:
            device.name = name[:40]
        self.unattended_since = None
        return device

    def leave(self, client: str, now: int) -> bool:
        """The socket `client` went away: its device is marked gone (and dropped after the
        grace period). False when no connected device is on that socket: it came back on
        another one already, or it was never here."""
        device = self.by_client(client)
        if device is None or not device.connected:
            return False
        device.left_at = now
        if not any(d.connected for d in self.devices.values()):
            self.unattended_since = now
        return True

    def report(self, client: str, status: dict) -> Device:
        """A device's own news (audio unlocked, muted, clock offset and round trip)."""
        device = self.by_client(client)
        if device is None:
            raise SessionError("join the session first", "not_joined")
        unknown = [key for key in status if key not in REPORTABLE]
        if unknown:
            raise SessionError(f"a device cannot report {unknown[0]!r}", "bad_request")
        for key, value in status.items():
            setattr(device, key, value)
        return device

    def next_drop(self, grace_ms: int) -> int | None:
        """When the device gone longest is to be dropped; None while every one is here."""
        gone = [d.left_at for d in self.devices.values() if d.left_at is not None]
        return min(gone) + grace_ms if gone else None

    def prune(self, now: int, grace_ms: int) -> list[Device]:
        """Drop the devices gone for `grace_ms` or longer; returns them."""
        dropped = [d for d in self.devices.values()
                   if d.left_at is not None and now >= d.left_at + grace_ms]
        for device in dropped:
            del self.devices[device.id]
        return dropped

    def public(self) -> list[dict]:
        return [d.public() for d in self.devices.values()]
