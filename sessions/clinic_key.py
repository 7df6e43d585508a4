"""The clinic key: a passphrase only clinic members know, stored as a salted scrypt hash.

At first run (no key stored and none configured) a passphrase of common words is made and
shown once; `flask --app app clinic set-key` replaces it. The key itself is never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from .store import Store

# scrypt's cost: about 16 MiB and a few tens of milliseconds per check, on purpose.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_KEY_CHARS = 8
MAX_KEY_CHARS = 200
PASSPHRASE_WORDS = 6  # from WORDS (240): 47 bits, with attempts limited per address
WORDS = """
acorn actor album amber angle apple april arrow aspen atlas autumn badge baker bamboo banjo
barley basket beach beacon berry birch biscuit blanket bloom border bottle branch breeze
brick bridge bronze brook bucket buffalo butter button cabin cactus camel candle canoe
canyon carbon carpet carrot castle cedar cellar cherry chess circle citrus clover cobalt
comet copper coral cotton cowboy crayon cricket crystal cushion daisy dancer delta denim
desert diamond dolphin dragon dune eagle echo elbow ember engine falcon feather fern fiddle
fig flannel flute forest fossil fountain fox galaxy garden garlic ginger glacier globe
goose granite grape gravel guitar hammer harbor harvest hazel helmet heron hickory honey
horizon igloo indigo island ivory jacket jasmine jelly jigsaw jungle kayak kettle kitten
koala ladder lagoon lantern laurel lemon lilac linen lizard lobster locket lotus magnet
mango maple marble meadow melon mirror mitten monkey mosaic moss mountain muffin nectar
needle nickel noodle nutmeg oak oasis ocean olive onion orbit orchid otter oyster paddle
panda paper parrot peach pebble pepper piano pickle pillow pine planet plum pocket pony
poppy potato prairie pumpkin puzzle quartz quill rabbit radish raft rainbow raven ribbon
river robin rocket saddle salmon sandal satin scarf shell silver sketch sled slipper
spider spruce squash stable starfish stone sugar summit sunset swan table tango teapot
thistle thunder tiger timber toast tomato topaz tulip tunnel turnip turtle umbrella valley
velvet violet volcano wagon walnut walrus willow window winter wizard wool yarn yogurt zebra
""".split()


class BadKey(ValueError):
    """A key that cannot be set (too short, too long); the message says why."""


def make_passphrase() -> str:
    return " ".join(secrets.choice(WORDS) for _ in range(PASSPHRASE_WORDS))


def hash_key(key: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(key.encode(), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def matches(key: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        found = hashlib.scrypt(key.encode(), salt=bytes.fromhex(salt), dklen=32,
                               n=int(n), r=int(r), p=int(p), maxmem=2**26)
    except (ValueError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(found.hex(), digest)


def check_new_key(key: str) -> str:
    key = key.strip()
    if not MIN_KEY_CHARS <= len(key) <= MAX_KEY_CHARS:
        raise BadKey(f"a clinic key has {MIN_KEY_CHARS} to {MAX_KEY_CHARS} characters "
                        f"(a few words are easy to type and hard to guess)")
    return key


class ClinicKey:
    """The stored hash, read from and written to the app's SQLite store."""

    def __init__(self, store: Store):
        self.store = store

    def stored(self) -> str | None:
        rows = self.store.read("SELECT hash FROM clinic_key WHERE id = 1")
        return rows[0][0] if rows else None

    def fingerprint(self) -> str:
        """Changes whenever the key does: a sign-in made with an old key no longer counts."""
        stored = self.stored() or ""
        return hashlib.sha256(stored.encode()).hexdigest()[:16]

    def verify(self, key: str) -> bool:
        stored = self.stored()
        return bool(stored) and len(key) <= MAX_KEY_CHARS and matches(key, stored)

    def set(self, key: str, now: int) -> None:
        hashed = hash_key(check_new_key(key))
        with self.store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO clinic_key (id, hash, set_at) VALUES (1, ?, ?)",
                         (hashed, now))

    def ensure(self, configured: str, now: int) -> str | None:
        """At start: the configured key (LIMBER_CLINIC_KEY) replaces a different stored one;
        with neither, a new passphrase is stored and returned, for the caller to show once.
        Several processes starting together make one: only the first insert counts."""
        if configured:
            if not self.verify(configured.strip()):
                self.set(configured, now)
            return None
        if self.stored():
            return None
        passphrase = make_passphrase()
        with self.store.transaction() as conn:
            added = conn.execute("INSERT OR IGNORE INTO clinic_key (id, hash, set_at) "
                                 "VALUES (1, ?, ?)", (hash_key(passphrase), now)).rowcount
        return passphrase if added else None
