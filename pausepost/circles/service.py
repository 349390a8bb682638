"""Circles and supervisor review on this device: the protocol between the local store, the
relay and the screener. Pages and the JSON API call this; nothing here renders.

What travels is always ciphertext under the circle key. Payload kinds (the relay cannot tell
them apart): `circle_info` (owner: name, kind, expiry), `hello` (a member's chosen name),
`vent`, `reply`, `been_there`, `review_request`, `review_answer`, and `key_rotation`
(crypto.py). Every payload names its sender (`from`); one whose `from` is not the key the
relay says sent it is dropped, so neither the relay nor a member can pass one member's words
off as another's without the other's help.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pausepost.circles.client import (
    RelayClient,
    RelayError,
    RelayMessage,
    RelayUnreachable,
    check_relay_url,
)
from pausepost.circles.crypto import (
    KIND_KEY_ROTATION,
    CircleKey,
    DecryptError,
    Invitation,
    InviteCodeError,
    decode_invite,
    decrypt_message,
    encode_invite,
    encrypt_message,
    key_from_rotation,
    new_invite_token,
    rotation_messages,
    token_hash,
)
from pausepost.circles.identity import DeviceIdentity, b64encode, load_identity
from pausepost.circles.screening import ScreenerLike, VentCheck, check_vent
from pausepost.core.types import Assessment, Audience, Post
from pausepost.store.circles import CircleStore
from pausepost.store.journal import Decision
from pausepost.store.models import CircleMember, CircleMessage, LocalCircle, as_utc, utcnow
from pausepost.store.store import Store
from pausepost.visible import one_line

PEER, SUPERVISION = "peer", "supervision"
OWNER, MEMBER = "owner", "member"
ANSWERS = ("approve", "revise", "dont_post")
NAME_MAX, MY_NAME_MAX, COMMENT_MAX, DRAFT_MAX = 80, 60, 2000, 8000
DEFAULT_EXPIRY_DAYS = 30
# Messages are fetched again from a little before the last one seen: two sent in the same
# instant, or committed out of order, are not skipped (duplicates are dropped by uid).
SYNC_OVERLAP = dt.timedelta(seconds=120)
STORED_KINDS = ("vent", "reply", "been_there", "review_request", "review_answer")

Answer = Literal["approve", "revise", "dont_post"]
T = TypeVar("T")


class CircleError(Exception):
    """Something the user must be told (and the API answers with `status`)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


class VentNotSendable(CircleError):
    def __init__(self, check: VentCheck) -> None:
        super().__init__("this vent still holds what could identify a client", 422)
        self.check = check


@dataclass(frozen=True)
class SyncResult:
    new: int = 0
    unreadable: int = 0  # ciphertext this device holds no key for (sent before it joined)
    rejected: int = 0  # changed on the way, or not from the member the relay names: dropped
    removed: bool = False  # the relay says this device is no longer a member
    unreachable: str | None = None  # why the relay could not be reached (shown, not raised)


@dataclass(frozen=True)
class ThreadItem:
    message: CircleMessage
    author: str
    mine: bool
    replies: list[ThreadItem] = field(default_factory=list)
    been_there: int = 0
    been_there_by_me: bool = False


@dataclass(frozen=True)
class ReviewItem:
    request: CircleMessage
    circle: LocalCircle
    answer: CircleMessage | None
    intern: str  # the name the intern announced


def new_circle_id() -> str:
    return b64encode(secrets.token_bytes(16))


def _clean_name(value: str, limit: int, what: str) -> str:
    name = one_line(value)
    if not name:
        raise CircleError(f"{what} cannot be empty", 422)
    if len(name) > limit:
        raise CircleError(f"{what} is over {limit} characters", 422)
    return name


class CirclesService:
    def __init__(
        self,
        store: Store,
        screener: Callable[[], ScreenerLike],
        *,
        identity: Callable[[], DeviceIdentity] = load_identity,
        client_factory: Callable[[str, DeviceIdentity], RelayClient] | None = None,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.rows = CircleStore(store)
        self.store = store
        self._screener = screener
        self._identity_loader = identity
        self._identity: DeviceIdentity | None = None
        self._client_factory = client_factory or (lambda url, who: RelayClient(url, who))
        self._now = now
        self._lock = threading.RLock()
        self._clients: dict[str, RelayClient] = {}

    # -- who this device is ---------------------------------------------------------------
    @property
    def identity(self) -> DeviceIdentity:
        if self._identity is None:
            self._identity = self._identity_loader()
        return self._identity

    @property
    def me(self) -> str:
        return self.identity.public_key

    def _client(self, relay_url: str) -> RelayClient:
        """One client per relay, kept: its connections are reused, not left open per call."""
        with self._lock:
            client = self._clients.get(relay_url)
            if client is None:
                client = self._clients[relay_url] = self._client_factory(relay_url, self.identity)
            return client

    def close(self) -> None:
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()

    def _circle(self, circle_id: str, *, active: bool = True) -> LocalCircle:
        circle = self.rows.circle(circle_id)
        if circle is None:
            raise CircleError("no such circle on this device", 404)
        if active and circle.left_at is not None:
            raise CircleError("you are no longer a member of this circle", 403)
        return circle

    def _key(self, circle: LocalCircle, epoch: int | None = None) -> CircleKey:
        keys = self.rows.keys(circle.id)
        epoch = circle.epoch if epoch is None else epoch
        if epoch not in keys:
            raise CircleError("this device holds no key for that part of the circle", 409)
        return CircleKey(epoch, keys[epoch])

    @staticmethod
    def _relay_call(call: Callable[[], T]) -> T:
        try:
            return call()
        except RelayUnreachable as exc:
            raise CircleError(f"could not reach the relay: {exc.message}", 502) from None
        except RelayError as exc:
            if exc.status == 401:  # our signature was refused: most often a clock that is off
                raise CircleError("the relay refused this computer's signature; check that its "
                                  "clock is right", 502) from None  # fmt: skip
            status = exc.status if 400 <= exc.status < 500 else 502
            raise CircleError(f"the relay refused: {exc.message}", status) from None

    # -- circles ----------------------------------------------------------------------------
    def circles(self, kind: str | None = PEER) -> list[LocalCircle]:
        return self.rows.circles(kind)

    def circle(self, circle_id: str) -> LocalCircle:
        return self._circle(circle_id, active=False)

    def create(
        self,
        *,
        name: str,
        relay_url: str,
        my_name: str,
        expiry_days: int = DEFAULT_EXPIRY_DAYS,
        kind: str = PEER,
        shared_name: str | None = None,
    ) -> LocalCircle:
        """`shared_name`: what members see as the circle's name, if not `name` (a supervisor's
        label for an intern stays on this device)."""
        name = _clean_name(name, NAME_MAX, "the circle's name")
        my_name = _clean_name(my_name, MY_NAME_MAX, "your name in the circle")
        if not 1 <= expiry_days <= 365:
            raise CircleError("messages must expire after 1 to 365 days", 422)
        try:
            relay_url = check_relay_url(relay_url)
        except ValueError as exc:
            raise CircleError(str(exc), 422) from None
        circle_id, key = new_circle_id(), CircleKey.generate()
        client = self._client(relay_url)
        try:
            self._relay_call(lambda: client.create_circle(circle_id, expiry_days))
        except CircleError as exc:
            if exc.status in (404, 405):
                raise CircleError("that address does not answer like a Pause relay (is it a "
                                  "Pause app's own address?)", 422) from None  # fmt: skip
            raise
        now = self._now()
        circle = self.rows.add_circle(
            LocalCircle(id=circle_id, kind=kind, relay_url=relay_url, name=name, role=OWNER,
                        my_name=my_name, expiry_days=expiry_days, epoch=key.epoch,
                        joined_at=now, synced_until=None, left_at=None, owner_key=self.me,
                        hello_epoch=-1, invites_made=0),
            key.key,
        )  # fmt: skip
        self.rows.set_members(circle_id, [(self.me, now, True)])
        self.rows.name_member(circle_id, self.me, my_name)
        self._post(circle, self._info(circle, shared_name))
        self._say_hello(circle)
        return circle

    def _info(self, circle: LocalCircle, shared_name: str | None = None) -> dict[str, Any]:
        name = shared_name or (circle.name if circle.kind == PEER
                               else f"Supervision with {circle.my_name}")  # fmt: skip
        return {"kind": "circle_info", "name": name, "expiry_days": circle.expiry_days}

    def _say_hello(self, circle: LocalCircle) -> None:
        """Post my name under the current key (again after a rotation, for newer members)."""
        self._post(circle, {"kind": "hello", "name": circle.my_name})
        self.rows.update_circle(circle.id, hello_epoch=circle.epoch)

    def invite(self, circle_id: str) -> str:
        """A one-use invitation code (7 days). It carries the circle key: hand it over out
        of band."""
        circle = self._circle(circle_id)
        if circle.role != OWNER:
            raise CircleError("only the circle's owner can invite", 403)
        if circle.kind == SUPERVISION and circle.invites_made:
            # One code per link, so an intern's drafts can only ever reach one intern's
            # supervisor, and the supervisor's answers one intern.
            raise CircleError("a supervision link has one code; if it was lost, make a new "
                              "link for the intern", 409)  # fmt: skip
        client = self._client(circle.relay_url)
        token = new_invite_token()
        self._relay_call(lambda: client.create_invite(circle_id, token_hash(token)))
        self.rows.update_circle(circle_id, invites_made=circle.invites_made + 1)
        return encode_invite(Invitation(circle_id, circle.relay_url, token, self._key(circle),
                                        circle.kind, self.me))  # fmt: skip

    def join(self, code: str, *, my_name: str) -> LocalCircle:
        my_name = _clean_name(my_name, MY_NAME_MAX, "your name in the circle")
        try:
            invite = decode_invite(code)
            relay_url = check_relay_url(invite.relay_url)
        except (InviteCodeError, ValueError) as exc:
            raise CircleError(str(exc), 422) from None
        if not invite.owner:
            raise CircleError("this invitation code comes from an older Pause and does not say "
                              "whose circle it is; ask for a new code", 422)  # fmt: skip
        existing = self.rows.circle(invite.circle_id)
        if existing is not None and existing.left_at is None:
            raise CircleError("you are already in this circle", 409)
        client = self._client(relay_url)
        self._relay_call(lambda: client.join(invite.circle_id, invite.token))
        if existing is not None:  # re-invited after removal: start afresh
            self.rows.forget_circle(existing.id)
        circle = self.rows.add_circle(
            LocalCircle(id=invite.circle_id, kind=invite.kind, relay_url=relay_url,
                        name="(a circle: its name arrives with the first sync)", role=MEMBER,
                        my_name=my_name, expiry_days=DEFAULT_EXPIRY_DAYS,
                        epoch=invite.key.epoch, joined_at=self._now(), synced_until=None,
                        left_at=None, owner_key=invite.owner, hello_epoch=-1,
                        invites_made=0),
            invite.key.key,
        )  # fmt: skip
        self._say_hello(circle)
        self.sync(circle.id)
        return self._circle(circle.id, active=False)

    def leave(self, circle_id: str) -> None:
        """Forget a circle on this device (its keys and messages go, scrubbed)."""
        self._circle(circle_id, active=False)
        self.rows.forget_circle(circle_id)

    def members(self, circle_id: str) -> list[CircleMember]:
        return self.rows.members(circle_id)

    def remove_member(self, circle_id: str, member_key: str) -> None:
        """Owner only: the relay refuses them from now on, and a fresh circle key goes to
        everyone else, sealed to each, so they cannot read what follows.

        The new key is sealed only to members this device has heard from under the circle's
        key (their encrypted hello), never to the relay's word alone: a relay that kept the
        removed member on its list, or added a key of its own, gets nothing. The new key is
        kept before anything is sent, so a removal cut short is finished by trying again."""
        with self._lock:
            circle = self._circle(circle_id)
            if circle.role != OWNER:
                raise CircleError("only the circle's owner can remove members", 403)
            if member_key == self.me:
                raise CircleError("the owner cannot remove themselves", 409)
            self.rows.ban(circle_id, member_key, self._now())
            client = self._client(circle.relay_url)
            try:
                self._relay_call(lambda: client.remove_member(circle_id, member_key))
            except CircleError as exc:
                if exc.status != 404:  # 404: already removed (a retry): go on rotating
                    raise
            old = self._key(circle)
            keys = self.rows.keys(circle_id)
            if old.epoch + 1 in keys:  # a rotation cut short: hand out the same key again
                new = CircleKey(old.epoch + 1, keys[old.epoch + 1])
            else:
                new = old.rotated()
                self.rows.keep_key(circle_id, new.epoch, new.key)
            self._synced(circle_id)  # the hellos of members who joined since the last look
            for payload in rotation_messages(new, self._trusted_members(circle), self.me).values():
                self._post(circle, payload, key=old, store=False)
            self.rows.add_key(circle_id, new.epoch, new.key)
            circle = self._circle(circle_id)
            self._post(circle, self._info(circle))
            self._say_hello(circle)

    def _trusted_members(self, circle: LocalCircle) -> list[str]:
        """Current members other than me who said hello under the circle's key and were not
        removed by me: the only ones a new key is sealed to."""
        return [m.member_key for m in self.rows.members(circle.id)
                if m.member_key != self.me and m.name is not None and not m.banned]  # fmt: skip

    # -- sending ----------------------------------------------------------------------------
    def _post(
        self,
        circle: LocalCircle,
        payload: dict[str, Any],
        *,
        key: CircleKey | None = None,
        store: bool = True,
    ) -> CircleMessage | None:
        key = key or self._key(circle)
        uid = str(uuid.uuid4())
        body = {**payload, "uid": uid, "from": self.me, "sent_at": self._now().isoformat()}
        try:
            ciphertext = encrypt_message(key, body)
        except ValueError as exc:  # over the relay's 64 KiB
            raise CircleError(str(exc), 413) from None
        client = self._client(circle.relay_url)
        posted = self._relay_call(lambda: client.post_message(circle.id, key.epoch, ciphertext))
        if not store or body["kind"] not in STORED_KINDS:
            return None
        message = _message_row(circle.id, body, posted.id, self.me, posted.created_at,
                               self._expiry(circle, posted.expires_at))  # fmt: skip
        self.rows.add_message(message)
        return message

    def _synced(self, circle_id: str) -> LocalCircle:
        """The circle after a fetch: a send goes under the newest key, and a removed member
        learns it before writing, not after."""
        result = self.sync(circle_id)
        if result.removed:
            raise CircleError("you are no longer a member of this circle", 403)
        return self._circle(circle_id)

    def check_vent(self, text: str, pictures: Sequence[tuple[str, bytes]] = ()) -> VentCheck:
        return check_vent(self._screener(), text, pictures=pictures)

    def send_vent(
        self,
        circle_id: str,
        text: str,
        *,
        reply_to: str | None = None,
        pictures: Sequence[tuple[str, bytes]] = (),
    ) -> CircleMessage:
        """Screen, then send. Raises `VentNotSendable` (nothing leaves) while anything that
        could identify a client is still in it, or a picture is attached."""
        circle = self._circle(circle_id)
        if circle.kind != PEER:
            raise CircleError("vents go to peer circles; use the review page here", 409)
        if reply_to is not None:
            target = self.rows.message(circle_id, reply_to)
            if target is None or target.kind not in ("vent", "reply"):
                raise CircleError("the message you reply to is not here (it may have expired)",
                                  404)  # fmt: skip
            if target.kind == "reply" and target.ref:
                reply_to = target.ref  # the thread is one level deep: answer under the vent
        check = self.check_vent(text, pictures)
        if not check.sendable:
            raise VentNotSendable(check)
        payload: dict[str, Any] = {"kind": "reply" if reply_to else "vent", "text": text}
        if reply_to:
            payload["ref"] = reply_to
        with self._lock:
            message = self._post(self._synced(circle_id), payload)
        assert message is not None
        return message

    def been_there(self, circle_id: str, message_uid: str) -> bool:
        """A quiet "I've been there" on a vent or reply; False if already given."""
        self._circle(circle_id)
        target = self.rows.message(circle_id, message_uid)
        if target is None or target.kind not in ("vent", "reply"):
            raise CircleError("no such vent here (it may have expired)", 404)
        if target.sender_key == self.me:
            raise CircleError("that is your own message", 409)
        mine = [m for m in self.rows.messages(circle_id, kinds=("been_there",))
                if m.ref == message_uid and m.sender_key == self.me]  # fmt: skip
        if mine:
            return False
        with self._lock:
            self._post(self._synced(circle_id), {"kind": "been_there", "ref": message_uid})
        return True

    # -- receiving --------------------------------------------------------------------------
    def sync(self, circle_id: str) -> SyncResult:
        """Fetch what is new, decrypt what this device holds keys for, take key rotations
        from the owner, and delete local copies past expiry. A relay that cannot be reached
        is reported, not raised: the page shows what is already here."""
        with self._lock:
            self.rows.expire(self._now())
            circle = self._circle(circle_id, active=False)
            if circle.left_at is not None:
                return SyncResult(removed=True)
            client = self._client(circle.relay_url)
            since = circle.synced_until - SYNC_OVERLAP if circle.synced_until else None
            try:
                members = client.members(circle_id)
                fetched = client.messages(circle_id, since=since)
            except RelayUnreachable as exc:
                return SyncResult(unreachable=exc.message)
            except RelayError as exc:
                if exc.status == 403:  # removed by the owner
                    self.rows.update_circle(circle_id, left_at=self._now())
                    return SyncResult(removed=True)
                return SyncResult(unreachable=f"the relay refused: {exc.message}")
            self.rows.set_members(circle_id, [(m.key, m.joined_at, m.owner) for m in members])
            current = {m.key for m in members}
            keys = {e: CircleKey(e, k) for e, k in self.rows.keys(circle_id).items()}
            pending = list(fetched)
            seen_until = as_utc(circle.synced_until) if circle.synced_until else None

            def fresh(m: RelayMessage) -> bool:  # not seen by an earlier sync's overlap
                return seen_until is None or as_utc(m.created_at) > seen_until

            new = rejected = 0
            progress = True
            while pending and progress:  # a rotation early on unlocks messages after it
                progress = False
                still: list[RelayMessage] = []
                for m in pending:
                    key = keys.get(m.key_epoch)
                    if key is None:
                        still.append(m)
                        continue
                    progress = True
                    try:
                        payload = decrypt_message(key, m.ciphertext)
                    except DecryptError:
                        rejected += fresh(m)
                        continue
                    if payload.get("from") != m.sender:
                        rejected += fresh(m)  # misattributed: dropped
                        continue
                    new += self._receive(circle, payload, m, keys, current, fresh(m))
                pending = still
            circle = self._circle(circle_id, active=False)
            problem = None
            if circle.hello_epoch < circle.epoch:  # a new key: say who I am again, under it
                try:
                    self._say_hello(circle)
                except CircleError as exc:  # said on the next sync
                    problem = exc.message
            latest = max((as_utc(m.created_at) for m in fetched), default=None)
            if latest is not None and (seen_until is None or latest > seen_until):
                self.rows.update_circle(circle_id, synced_until=latest)
            unreadable = sum(1 for m in pending if fresh(m))
            return SyncResult(new=new, unreadable=unreadable, rejected=rejected,
                              unreachable=problem)  # fmt: skip

    def _receive(
        self,
        circle: LocalCircle,
        payload: dict[str, Any],
        m: RelayMessage,
        keys: dict[int, CircleKey],
        current: set[str],
        fresh: bool,
    ) -> int:
        """Take one decrypted message; 1 if it is new and kept. The owner is the one the
        invitation named (or this device), never whoever the relay lists."""
        kind, sender, owner = payload.get("kind"), m.sender, circle.owner_key
        if kind == KIND_KEY_ROTATION:
            if sender == owner and payload.get("to") == self.me:
                try:
                    key = key_from_rotation(self.identity, payload)
                except DecryptError:
                    return 0
                keys[key.epoch] = key
                self.rows.add_key(circle.id, key.epoch, key.key)
            return 0
        if kind == "hello" and isinstance(payload.get("name"), str):
            name = one_line(payload["name"], MY_NAME_MAX)
            if name:
                self.rows.name_member(circle.id, sender, name)
            if fresh and circle.role == OWNER and m.key_epoch < circle.epoch:
                self._catch_up(circle, sender, keys[m.key_epoch], current)
            return 0
        if kind == "circle_info" and sender == owner and circle.role != OWNER:
            values: dict[str, object] = {}
            if isinstance(payload.get("name"), str) and payload["name"].strip():
                values["name"] = one_line(payload["name"], NAME_MAX)
            days = payload.get("expiry_days")
            if isinstance(days, int) and 1 <= days <= 365:
                values["expiry_days"] = days
            if values:
                self.rows.update_circle(circle.id, **values)
            return 0
        if kind not in STORED_KINDS or not isinstance(payload.get("uid"), str):
            return 0
        if kind == "review_answer" and sender != owner:
            return 0  # only the supervisor answers
        row = _message_row(circle.id, payload, m.id, sender, m.created_at,
                           self._expiry(circle, m.expires_at))  # fmt: skip
        if row.expires_at <= self._now() or not self.rows.add_message(row):
            return 0
        if kind == "review_answer" and row.ref and payload.get("answer") in ANSWERS:
            self.rows.set_review_answer(row.ref, str(payload["answer"]))
        return 1

    def _catch_up(
        self, circle: LocalCircle, member: str, their_key: CircleKey, current: set[str]
    ) -> None:
        """A member said hello under an older key: they joined with a code made before a
        rotation. Seal them the current key, if they are a member I never removed."""
        row = next((m for m in self.rows.members(circle.id, current=False)
                    if m.member_key == member), None)  # fmt: skip
        if member == self.me or member not in current or row is None or row.banned:
            return
        new = self._key(circle)
        for payload in rotation_messages(new, [member], self.me).values():
            try:
                self._post(circle, payload, key=their_key, store=False)
            except CircleError:
                return  # their next hello (after they sync) asks again

    def _expiry(self, circle: LocalCircle, relay_says: dt.datetime) -> dt.datetime:
        """A local copy lives no longer than the circle's expiry from now, whatever date the
        relay put on it."""
        cap = self._now() + dt.timedelta(days=circle.expiry_days)
        return min(as_utc(relay_says), cap)

    def thread(self, circle_id: str) -> list[ThreadItem]:
        """Vents oldest first, each with its replies and how many said "I've been there"."""
        self.rows.expire(self._now())
        messages = self.rows.messages(circle_id)
        names = {m.member_key: m.name for m in self.rows.members(circle_id, current=False)}
        been: dict[str, list[str]] = {}
        for m in messages:
            if m.kind == "been_there" and m.ref:
                been.setdefault(m.ref, []).append(m.sender_key)

        def item(m: CircleMessage, replies: list[ThreadItem]) -> ThreadItem:
            who = been.get(m.uid, [])
            return ThreadItem(
                message=m, author=self.author(names, m.sender_key), mine=m.sender_key == self.me,
                replies=replies, been_there=len(set(who)), been_there_by_me=self.me in who,
            )  # fmt: skip

        replies: dict[str, list[ThreadItem]] = {}
        for m in messages:
            if m.kind == "reply" and m.ref:
                replies.setdefault(m.ref, []).append(item(m, []))
        return [item(m, replies.get(m.uid, [])) for m in messages if m.kind == "vent"]

    def author(self, names: dict[str, str | None], key: str) -> str:
        if key == self.me:
            return "you"
        return names.get(key) or "a member"

    # -- supervisor review ------------------------------------------------------------------
    def invite_intern(
        self, *, label: str, relay_url: str, my_name: str
    ) -> tuple[LocalCircle, str]:
        """A supervision link for one intern (a circle of two): its code for the intern. The
        label stays here; the intern sees "Supervision with <my_name>"."""
        link = self.create(name=label, relay_url=relay_url, my_name=my_name, kind=SUPERVISION)
        return link, self.invite(link.id)

    def supervisors(self) -> list[LocalCircle]:
        return [c for c in self.rows.circles(SUPERVISION) if c.role == MEMBER and not c.left_at]

    def fetch_answers(self) -> list[LocalCircle]:
        """Sync every link to a supervisor (their answers land in the journal); the links."""
        links = self.supervisors()
        for link in links:
            self.sync(link.id)
        return links

    def interns(self) -> list[LocalCircle]:
        return [c for c in self.rows.circles(SUPERVISION) if c.role == OWNER and not c.left_at]

    def ask_supervisor(
        self,
        text: str,
        *,
        platform: str | None = None,
        audience: Audience | None = None,
        link_id: str | None = None,
    ) -> CircleMessage:
        """Send the draft with Pause's assessment, encrypted to the supervisor, and record
        the step in the journal (its answer lands on the same entry)."""
        links = self.supervisors()
        if link_id is not None:
            links = [c for c in links if c.id == link_id]
        if not links:
            raise CircleError("no supervisor is linked: join with your supervisor's code on "
                              "the review page", 409)  # fmt: skip
        if len(links) > 1:
            raise CircleError("you have more than one supervisor: choose one", 422)
        if not text.strip():
            raise CircleError("the draft is empty", 422)
        if len(text) > DRAFT_MAX:
            raise CircleError(f"the draft is over {DRAFT_MAX:,} characters", 413)
        assessment = self._screener().screen(Post(text=text, platform=platform,
                                                  audience=audience))  # fmt: skip
        payload = {"kind": "review_request", "text": text, "platform": platform,
                   "audience": audience.value if audience else None,
                   "assessment": assessment_summary(assessment)}  # fmt: skip
        with self._lock:
            link = self._synced(links[0].id)
            self._only_the_two_of_us(link)
            message = self._post(link, payload)
        assert message is not None
        self.store.record(assessment, Decision.ASK_SUPERVISOR, review_uid=message.uid)
        return message

    def answer_review(
        self, link_id: str, request_uid: str, answer: str, comment: str = ""
    ) -> CircleMessage:
        link = self._circle(link_id)
        if link.kind != SUPERVISION or link.role != OWNER:
            raise CircleError("only the intern's supervisor can answer", 403)
        if answer not in ANSWERS:
            raise CircleError("answer with approve, revise or dont_post", 422)
        comment = comment.strip()
        if len(comment) > COMMENT_MAX:
            raise CircleError(f"the comment is over {COMMENT_MAX:,} characters", 422)
        if answer == "revise" and not comment:
            raise CircleError("say what to revise in a comment", 422)
        request = self.rows.message(link_id, request_uid)
        if request is None or request.kind != "review_request":
            raise CircleError("no such request here (it may have expired)", 404)
        with self._lock:  # checked and sent under one lock: a double submit answers once
            if self._answer_to(link_id, request_uid) is not None:
                raise CircleError("this request is already answered", 409)
            link = self._synced(link_id)
            self._only_the_two_of_us(link)
            message = self._post(link, {"kind": "review_answer", "ref": request_uid,
                                        "answer": answer, "comment": comment})  # fmt: skip
        assert message is not None
        return message

    def _only_the_two_of_us(self, link: LocalCircle) -> None:
        """A draft (or an answer) goes only on a link that holds the intern and the
        supervisor named in the code, nobody else."""
        members = {m.member_key for m in self.rows.members(link.id)}
        if self.me not in members or link.owner_key not in members or len(members) != 2:
            raise CircleError("this supervision link does not hold exactly you and the other "
                              "person; nothing was sent. Make a new link.", 409)  # fmt: skip

    def _answer_to(self, link_id: str, request_uid: str) -> CircleMessage | None:
        for m in self.rows.messages(link_id, kinds=("review_answer",)):
            if m.ref == request_uid:
                return m
        return None

    def reviews(self, role: Literal["supervisor", "intern"]) -> list[ReviewItem]:
        """Newest first: requests from my interns (supervisor) or the ones I sent (intern)."""
        self.rows.expire(self._now())
        links = self.interns() if role == "supervisor" else self.supervisors()
        out: list[ReviewItem] = []
        for link in links:
            names = {m.member_key: m.name for m in self.rows.members(link.id, current=False)}
            answers = {m.ref: m for m in self.rows.messages(link.id, kinds=("review_answer",))}
            for req in self.rows.messages(link.id, kinds=("review_request",)):
                intern = names.get(req.sender_key) or "your intern"
                out.append(ReviewItem(req, link, answers.get(req.uid), intern))
        out.sort(key=lambda r: as_utc(r.request.created_at), reverse=True)
        return out

    def sync_all(self, kind: str | None = None) -> dict[str, SyncResult]:
        return {c.id: self.sync(c.id) for c in self.rows.circles(kind) if c.left_at is None}


def assessment_summary(a: Assessment) -> dict[str, Any]:
    """What the supervisor sees of Pause's reading: verdict, highlights, reasons, questions."""
    return {
        "verdict": a.verdict.value,
        "concerns": [c.value for c in a.concerns],
        "spans": [
            {"start": f.start, "end": f.end, "label": f.label.value if f.label else None,
             "why": f.why}
            for f in a.spans
        ],
        "reasons": [{"code": r.code, "message": r.message} for r in a.reasons],
        "questions": [q.text for q in a.questions],
        "rewrite": a.rewrite,
    }


def _message_row(
    circle_id: str,
    payload: dict[str, Any],
    relay_id: int | None,
    sender: str,
    created_at: dt.datetime,
    expires_at: dt.datetime,
) -> CircleMessage:
    text = payload.get("text")
    ref = payload.get("ref")
    data = {k: v for k, v in payload.items()
            if k not in ("kind", "text", "ref", "uid", "from", "epoch")}  # fmt: skip
    return CircleMessage(
        circle_id=circle_id, uid=str(payload["uid"])[:36], relay_id=relay_id, sender_key=sender,
        kind=str(payload["kind"]), ref=str(ref)[:36] if isinstance(ref, str) else None,
        body=text[:DRAFT_MAX] if isinstance(text, str) else None, data=data,
        created_at=created_at, expires_at=expires_at,
    )  # fmt: skip
