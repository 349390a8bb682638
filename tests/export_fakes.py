"""Synthetic data exports for every platform and layout, written into a temp dir by tests.

Every text here is invented. The shapes follow ../shared/formats/FORMATS.md, including
the pitfalls (Meta mojibake, X prefixes and long posts, LinkedIn quoting, Mastodon's
duplicated key, Bluesky's unreachable records).
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FLAGGED = "My 17yo client Rosa from Westview High overdosed last night 😂 lol"
BENIGN = "Sunday reset: long walk, phone off, soup on the stove."
TS_2019 = 1555000000  # 2019-04-11T16:26:40Z
TS_2021 = 1620000000  # 2021-05-03T00:00:00Z


# --- helpers -------------------------------------------------------------------------


def write(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def meta_json(value: Any) -> str:
    """JSON the way Meta writes it: every UTF-8 byte escaped on its own (mojibake)."""

    def mangle(v: Any) -> Any:
        if isinstance(v, str):
            return v.encode("utf-8").decode("latin-1")
        if isinstance(v, list):
            return [mangle(x) for x in v]
        if isinstance(v, dict):
            return {mangle(k): mangle(x) for k, x in v.items()}
        return v

    return json.dumps(mangle(value), ensure_ascii=True, indent=2)


def zip_dir(folder: Path, dest: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())
    return dest


def tar_dir(folder: Path, dest: Path) -> Path:
    with tarfile.open(dest, "w:gz") as tf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                tf.add(path, path.relative_to(folder).as_posix())
    return dest


# --- Facebook ------------------------------------------------------------------------


def fb_post(text: str | None, ts: int, **extra: Any) -> dict[str, Any]:
    data: list[dict[str, Any]] = [{"update_timestamp": ts + 5}]
    if text is not None:
        data.insert(0, {"post": text})
    return {"timestamp": ts, "title": "Jane Doe updated her status.", "data": data, **extra}


def facebook_2024(root: Path) -> Path:
    base = "your_facebook_activity"
    photo = f"{base}/posts/media/TimelinePhotos_1/123_n.jpg"
    write(root, photo, b"\xff\xd8\xff\xe0 not really a jpeg")
    part1 = [
        fb_post("Café day with the kids ☕ — trop bien", TS_2019),
        fb_post(FLAGGED, TS_2021),
        fb_post(None, TS_2021 + 60),  # a share: nothing the user wrote
        fb_post(
            "",
            TS_2021 + 120,
            attachments=[{"data": [
                {"media": {"uri": photo, "creation_timestamp": TS_2021, "title": "Timeline",
                           "description": "Beach day, Søren's birthday"}},
                {"place": {"name": "Westview Park", "coordinate": {"latitude": 1.0,
                                                                   "longitude": 2.0}}},
            ]}],
            tags=[{"name": "Søren Berg"}],
        ),
    ]
    part2 = [fb_post("Second part file post", TS_2021 + 200)]
    write(root, f"{base}/posts/your_posts__check_ins__photos_and_videos_1.json", meta_json(part1))
    write(root, f"{base}/posts/your_posts__check_ins__photos_and_videos_2.json", meta_json(part2))
    comments = {"comments_v2": [{
        "timestamp": TS_2021 + 300,
        "title": "Jane Doe commented on Bob's post.",
        "data": [{"comment": {"timestamp": TS_2021 + 300, "comment": "Congrats, Bob! 🎉",
                              "author": "Jane Doe"}}],
    }]}
    write(root, f"{base}/comments_and_reactions/comments.json", meta_json(comments))
    groups = {"group_posts_v2": [fb_post("Group post about burnout", TS_2021 + 400)]}
    write(root, f"{base}/groups/group_posts_and_comments.json", meta_json(groups))
    group_comments = {"group_comments_v2": [{
        "timestamp": TS_2021 + 500,
        "data": [{"comment": {"timestamp": TS_2021 + 500, "comment": "Same here",
                              "author": "Jane Doe", "group": "Therapists Unite"}}],
    }]}
    write(root, f"{base}/groups/your_comments_in_groups.json", meta_json(group_comments))
    other = [{"timestamp": TS_2021 + 600, "fbid": "1", "label_values": [
        {"label": "Message", "value": "Happy birthday, friend!"},
        {"label": "Target", "value": "Bob Builder"},
    ]}]
    write(root, f"{base}/posts/posts_on_other_pages_and_profiles.json", meta_json(other))
    album = {"name": "Summer", "photos": [
        {"uri": photo, "creation_timestamp": TS_2021 + 700, "title": "Summer",
         "description": "Art therapy corner, finished at last"},
        {"uri": photo, "creation_timestamp": TS_2021 + 701, "title": "Summer"}]}
    write(root, f"{base}/posts/album/0.json", meta_json(album))
    # Not authored posts: must never be read.
    inbox = {"participants": [{"name": "Client X"}], "messages": [
        {"sender_name": "Client X", "timestamp_ms": 1, "content": "private message"}]}
    write(root, f"{base}/messages/inbox/clientx_1/message_1.json", meta_json(inbox))
    return root


def facebook_2019(root: Path) -> Path:
    write(root, "posts/your_posts_1.json", meta_json([fb_post("Old layout post", TS_2019)]))
    write(root, "comments/comments.json",
          meta_json({"comments_v2": [{"timestamp": TS_2019, "data": [
              {"comment": {"timestamp": TS_2019, "comment": "Old comment", "author": "J"}}]}]}))
    write(root, "groups/your_posts_in_groups.json",
          meta_json({"group_posts_v2": [fb_post("Old group post", TS_2019)]}))
    return root


def facebook_2018(root: Path) -> Path:
    write(root, "posts/your_posts.json",
          meta_json({"status_updates": [fb_post("First JSON export post", TS_2019)]}))
    return root


def facebook_2022(root: Path) -> Path:
    write(root, "your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1"
          ".json", meta_json([fb_post("Middle layout post", TS_2021)]))
    return root


# --- Instagram and Threads -----------------------------------------------------------


def ig_media(title: str, ts: int, uri: str = "media/posts/202105/1.jpg") -> dict[str, Any]:
    return {"uri": uri, "creation_timestamp": ts, "title": title,
            "cross_post_source": {"source_app": "FB"}}


def instagram_2025(root: Path) -> Path:
    base = "your_instagram_activity"
    write(root, "media/posts/202105/1.jpg", b"fake image bytes")
    posts = [
        {"media": [ig_media("Single photo caption 👍", TS_2021)]},  # caption in media[0]
        {"media": [ig_media("", TS_2021 + 10), ig_media("", TS_2021 + 11)],
         "title": FLAGGED, "creation_timestamp": TS_2021 + 12},  # carousel
    ]
    write(root, f"{base}/media/posts_1.json", meta_json(posts))
    write(root, f"{base}/media/reels.json",
          meta_json({"ig_reels_media": [{"media": [ig_media("Reel caption", TS_2021 + 20)]}]}))
    comments = [{
        "media_list_data": [{"uri": ""}],
        "string_map_data": {
            "Comment": {"value": "Lovely work! ❤️"},
            "Media Owner": {"value": "someone_else"},
            "Time": {"timestamp": TS_2021 + 30},
        },
    }]
    write(root, f"{base}/comments/post_comments_1.json", meta_json(comments))
    threads = {"text_post_app_text_posts": [
        {"media": [{"uri": "", "creation_timestamp": TS_2021 + 40, "title": "A thread post",
                    "text_app_post": {"reply_control": "everyone"}}]},
        {"media": [{"uri": "", "creation_timestamp": TS_2021 + 50, "title": "A thread reply",
                    "text_app_post": {"is_reply": True}}]},
    ]}
    write(root, f"{base}/threads/threads_and_replies.json", meta_json(threads))
    liked = {"likes_media_likes": [{"title": "other", "string_list_data": [
        {"href": "x", "value": "not mine", "timestamp": 1}]}]}
    write(root, f"{base}/likes/liked_posts.json", meta_json(liked))
    return root


def instagram_2021(root: Path) -> Path:
    write(root, "content/posts_1.json", meta_json([{"media": [ig_media("2021 caption", TS_2021)]}]))
    write(root, "content/stories.json",
          meta_json({"ig_stories": [ig_media("Story text", TS_2021 + 1, "stories/1.jpg")]}))
    # Dutch account: the keys are localized.
    comments = {"comments_media_comments": [{"string_map_data": {
        "Opmerking": {"value": "Mooi gedaan!"},
        "Eigenaar van media": {"value": "iemand"},
        "Tijd": {"timestamp": TS_2021 + 2},
    }}]}
    write(root, "comments/post_comments.json", meta_json(comments))
    return root


def instagram_2018(root: Path) -> Path:
    media = {"photos": [{"caption": "Old insta caption", "taken_at": "2018-12-31T08:05:13",
                         "path": "photos/201812/a.jpg"}],
             "videos": [{"caption": "", "taken_at": "2018-12-30T08:05:13", "path": "v.mp4"}]}
    write(root, "media.json", meta_json(media))
    write(root, "comments.json",
          meta_json({"media_comments": [["2018-12-31T09:00:00", "Old insta comment", "bob"]]}))
    return root


# --- X / Twitter ---------------------------------------------------------------------


def tweet(tid: str, text: str, created: str, **extra: Any) -> dict[str, Any]:
    return {"tweet": {"id_str": tid, "id": tid, "created_at": created, "full_text": text,
                      "entities": {"urls": [], "user_mentions": [], "hashtags": []},
                      "favorite_count": "0", "retweet_count": "0", **extra}}


def ytd(name: str, items: Iterable[Any]) -> str:
    return f"window.YTD.{name} = " + json.dumps(list(items), indent=2, ensure_ascii=False)


LONG_NOTE = ("This is a long post about boundaries. " * 10).strip()


def x_current(root: Path) -> Path:
    tweets = [
        tweet("100", "Tea &amp; biscuits &lt;3 https://t.co/abc", "Fri Feb 20 09:10:58 +0000 2026",
              entities={"urls": [{"url": "https://t.co/abc", "expanded_url": "https://ex.org/a",
                                  "display_url": "ex.org/a", "indices": ["18", "41"]}]}),
        tweet("101", "RT @other: someone else's words …", "Fri Feb 20 09:11:00 +0000 2026"),
        tweet("102", LONG_NOTE[:270] + "… https://t.co/zzz", "Fri Oct 13 14:58:50 +0000 2023"),
        tweet("103", "@friend agreed!", "Sat Feb 21 10:00:00 +0000 2026",
              in_reply_to_status_id_str="99"),
    ]
    write(root, "data/tweets.js", ytd("tweets.part0", tweets))
    write(root, "data/tweets-part1.js",
          ytd("tweets.part1", [tweet("104", FLAGGED, "Sun Feb 22 10:00:00 +0000 2026")]) + ";")
    notes = [{"noteTweet": {"noteTweetId": "9", "createdAt": "2023-10-13T14:58:50.000Z",
                            "core": {"text": LONG_NOTE, "urls": []}}},
             {"noteTweet": {"noteTweetId": "10", "createdAt": "2024-01-01T00:00:00.000Z",
                            "core": {"text": "Orphan long post", "urls": []}}}]
    write(root, "data/note-tweet.js", ytd("note_tweet.part0", notes))
    deleted = [tweet("105", "Deleted thought", "Mon Mar 02 10:00:00 +0000 2026",
                     deleted_at="Tue Mar 03 10:00:00 +0000 2026")]
    write(root, "data/deleted-tweets.js", ytd("deleted_tweets.part0", deleted))
    write(root, "data/community-tweet.js", ytd("community_tweet.part0", [
        tweet("106", "Community post", "Wed Mar 04 10:00:00 +0000 2026", community_id_str="5",
              scopes={"followers": False})]))
    write(root, "data/manifest.js", 'window.__THAR_CONFIG = {"dataTypes": {}}')
    write(root, "data/like.js", ytd("like.part0", [{"like": {"fullText": "not mine"}}]))
    write(root, "data/direct-messages.js", ytd("direct_messages.part0", [
        {"dmConversation": {"messages": [{"messageCreate": {"text": "secret dm"}}]}}]))
    return root


def x_2020(root: Path) -> Path:
    bare = [{"id_str": "200", "created_at": "Mon Jan 06 12:00:00 +0000 2020",
             "full_text": "2020 layout tweet", "entities": {}}]
    write(root, "data/tweet.js", "window.YTD.tweet.part0 = " + json.dumps(bare))
    return root


def x_classic(root: Path) -> Path:
    grail = [{"id_str": "300", "created_at": "2015-01-24 02:02:37 +0000",
              "text": "Classic tweet &amp; more", "entities": {"urls": []}},
             {"id_str": "301", "created_at": "2015-01-25 02:02:37 +0000",
              "text": "RT @a: b", "retweeted_status": {"text": "b"}, "entities": {}}]
    write(root, "data/js/tweets/2015_01.js",
          "Grailbird.data.tweets_2015_01 = \n" + json.dumps(grail))
    write(root, "tweets.csv", '"tweet_id","in_reply_to_status_id","timestamp","text"\n'
                              '"300","","2015-01-24 02:02:37 +0000","Classic tweet &amp; more"\n')
    return root


# --- LinkedIn ------------------------------------------------------------------------


def linkedin_2025(root: Path) -> Path:
    shares = (
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        '2025-07-01 14:33:22,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,'
        '"First line of my post.""\n""""\n""Second paragraph, with a comma.","","",'
        "MEMBER_NETWORK\n"
        "2024-01-02 03:04:05,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A2,"
        f'"{FLAGGED}","","",MEMBER_NETWORK\n'
        "2023-01-01 00:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A3,"
        ',"https://example.org","",MEMBER_NETWORK\n'
    )
    write(root, "Shares.csv", shares)
    comments = (
        "Date,Link,Message\n"
        '2025-07-13 08:15:21,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A9,'
        '"Ann Lee I said \\"no\\", politely, and it worked"\n'
        "2025-07-13 08:04:08,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A8,"
        "Rohan Sen wow! What was the prompt?\n"
    )
    write(root, "Comments.csv", comments)
    return root


def linkedin_2018(root: Path) -> Path:
    header = ["Date", "Share Title", "Share Description", "Share Link", "Share Commentary",
              "Shared URL", "Media URL", "Type", "Visibility"]
    row = ["2017/06/08 08:15:44 UTC", "", "", "https://www.linkedin.com/x", "Old share, café",
           "", "", "Homepage", "Public"]
    text = "\r\n".join("\t".join(f'"{v}"' for v in line) for line in (header, row)) + "\r\n"
    write(root, "Shares.csv", b"\xff\xfe" + text.encode("utf-16-le"))
    return root


# --- Mastodon ------------------------------------------------------------------------

ACTOR = "https://social.example/users/jane"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def note(n: int, html: str, to: list[str], cc: list[str], **extra: Any) -> dict[str, Any]:
    obj = {"id": f"{ACTOR}/statuses/{n}", "type": "Note", "published": "2022-11-08T03:07:14Z",
           "content": html, "to": to, "cc": cc, **extra}
    return {"id": f"{ACTOR}/statuses/{n}/activity", "type": "Create", "actor": ACTOR,
            "published": obj["published"], "to": to, "cc": cc, "object": obj}


def mastodon_items(signed: bool) -> list[dict[str, Any]]:
    items = [
        note(1, "<p>Hello <span class=\"h-card\"><a href=\"x\">@<span>bob</span></a></span>"
                "<br>second line &amp; more</p><p>para two</p>", [PUBLIC], [f"{ACTOR}/followers"]),
        note(2, f"<p>{FLAGGED}</p>", [f"{ACTOR}/followers"], [PUBLIC]),  # unlisted
        note(3, "<p>followers only</p>", [f"{ACTOR}/followers"], [],
             summary="CW: work stuff",
             attachment=[{"type": "Document", "mediaType": "image/png",
                          "url": "/system/media_attachments/files/1/original/a.png",
                          "name": "Alt text of the photo"}]),
        note(4, "<p>a direct message</p>", ["https://social.example/users/bob"], []),
        {"id": f"{ACTOR}/statuses/5/activity", "type": "Announce", "actor": ACTOR,
         "object": "https://elsewhere.example/status/1", "to": [PUBLIC], "cc": []},
    ]
    if signed:
        for it in items:
            it["signature"] = {"type": "RsaSignature2017", "creator": ACTOR + "#main-key"}
    return items


def mastodon_old(tmp: Path) -> Path:
    folder = tmp / "masto_old"
    outbox = {"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
              "type": "OrderedCollection", "totalItems": 9, "orderedItems": mastodon_items(True)}
    write(folder, "outbox.json", json.dumps(outbox))
    write(folder, "actor.json", json.dumps({"id": ACTOR, "type": "Person"}))
    write(folder, "media_attachments/files/1/original/a.png", b"png")
    return tar_dir(folder, tmp / "archive-20200101000000-0123456789abcdef0123456789abcdef.tar.gz")


def mastodon_new(tmp: Path) -> Path:
    folder = tmp / "masto_new"
    items = json.dumps([*mastodon_items(False), mastodon_items(False)[0]])  # one repeated
    outbox = ('{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json",'
              '"type":"OrderedCollection","totalItems":3,"orderedItems":[],'
              f'"orderedItems":{items}}}')
    write(folder, "outbox.json", outbox)
    write(folder, "actor.json", json.dumps({"id": ACTOR, "type": "Person"}))
    return zip_dir(folder, tmp / "archive-20240101000000-0123456789abcdef0123456789abcdef.zip")


# --- Bluesky: a tiny DAG-CBOR encoder and CAR writer ---------------------------------


class Link:
    def __init__(self, raw: bytes) -> None:
        self.raw = raw


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)


def cbor(v: Any) -> bytes:
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, int):
        return _head(0, v) if v >= 0 else _head(1, -1 - v)
    if isinstance(v, bytes):
        return _head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode()
        return _head(3, len(b)) + b
    if isinstance(v, list):
        return _head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, Link):
        return b"\xd8\x2a" + cbor(b"\x00" + v.raw)
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: (len(k.encode()), k.encode()))
        return _head(5, len(v)) + b"".join(cbor(k) + cbor(v[k]) for k in keys)
    raise TypeError(type(v))


def cid_for(block: bytes) -> bytes:
    return b"\x01\x71\x12\x20" + hashlib.sha256(block).digest()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def post_record(text: str, created: str, **extra: Any) -> dict[str, Any]:
    return {"$type": "app.bsky.feed.post", "text": text, "createdAt": created, **extra}


def bluesky_car(dest: Path, *, truncate: int = 0) -> Path:
    """Root commit -> MST (left subtree, root entries, right subtree) + unreachable blocks."""
    blocks: list[tuple[bytes, bytes]] = []

    def put(value: Any) -> Link:
        data = cbor(value)
        cid = cid_for(data)
        blocks.append((cid, data))
        return Link(cid)

    records = {
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile", "displayName": "J"},
        "app.bsky.feed.like/3aaa": {"$type": "app.bsky.feed.like", "subject": {}},
        "app.bsky.feed.post/3jhb2kwqvoc2k": post_record("Hello from Bluesky", "2022-11-11T20:57:04"
                                                        ".320Z"),
        "app.bsky.feed.post/3jhb2kwqvoc3k": post_record(
            FLAGGED, "2023-03-01T10:00:00-07:00",
            embed={"$type": "app.bsky.embed.images",
                   "images": [{"alt": "Alt text here", "image": {"cid": "bafkrei"}}]}),
        "app.bsky.feed.post/3jhb2kwqvoc4k": post_record(
            "A reply", "2023-03-02T10:00:00Z",
            reply={"root": {"uri": "at://x", "cid": "y"}, "parent": {"uri": "at://x", "cid": "y"}}),
    }
    links = {k: put(v) for k, v in records.items()}
    # Deleted records: present as blocks, reachable from nothing.
    put(post_record("DELETED POST must not appear", "2022-01-01T00:00:00Z"))

    def entries(keys: list[str], right: dict[str, Link | None] | None = None) -> list[Any]:
        out, prev = [], b""
        for k in keys:
            kb = k.encode()
            p = 0
            while p < min(len(prev), len(kb)) and prev[p] == kb[p]:
                p += 1
            out.append({"p": p, "k": kb[p:], "v": links[k], "t": (right or {}).get(k)})
            prev = kb
        return out

    keys = sorted(records)
    left = put({"l": None, "e": entries(keys[:2])})
    right = put({"l": None, "e": entries(keys[4:])})
    root = put({"l": left, "e": entries(keys[2:4], {keys[3]: right})})
    commit = put({"did": "did:plc:testuser", "version": 3, "data": root, "rev": "3k", "prev": None,
                  "sig": b"\x00" * 8})
    header = cbor({"version": 1, "roots": [commit]})
    buf = io.BytesIO()
    buf.write(_varint(len(header)) + header)
    for cid, data in reversed(blocks):  # commit first, as real exports do
        buf.write(_varint(len(cid) + len(data)) + cid + data)
    raw = buf.getvalue()
    dest.write_bytes(raw[: len(raw) - truncate] if truncate else raw)
    return dest


# --- X long posts and photo-only tweets (issue 10, items 4 and 5) ------------------------

NOTE_EXPANDED = ("Long post whose last link X had already expanded in tweets.js, so the cut "
                 "text ends in a full address. " * 3)[:300].strip()  # shorter than tweet + link
NOTE_REPLY = ("A long reply: X puts the @mentions in front of the tweet but not in the long "
              "post itself. " * 6).strip()
NOTE_OFF_BY_ONE = ("A long post whose two halves were stamped a second apart by X. " * 7).strip()


def x_long_posts(root: Path) -> Path:
    """Cut tweets whose long post only matches once mentions and the last link are handled;
    a photo-only tweet with its photo, and one whose photo is not in the archive."""
    more = {"url": "https://t.co/more", "expanded_url": "https://twitter.com/i/web/status/1712858227283955823",
            "display_url": "twitter.com/i/web/status/4…", "indices": ["272", "295"]}
    pic = {"url": "https://t.co/pic", "expanded_url": "https://x.com/jane/status/500/photo/1",
           "media_url_https": "https://pbs.twimg.com/media/Fabc.jpg", "type": "photo",
           "id_str": "7", "indices": ["0", "16"]}
    lost = dict(pic, url="https://t.co/lost", media_url_https="https://pbs.twimg.com/media/G.jpg")
    tweets = [
        tweet("400", NOTE_EXPANDED[:270] + "… https://t.co/more",
              "Mon Oct 16 08:00:00 +0000 2023", entities={"urls": [more]}),
        tweet("401", "@pat_r @sam " + NOTE_REPLY[:250] + "… https://x.com/i/web/status/401",
              "Tue Oct 17 08:00:00 +0000 2023", in_reply_to_status_id_str="39"),
        tweet("402", NOTE_OFF_BY_ONE[:270] + "… https://t.co/zz",
              "Wed Oct 18 08:00:01 +0000 2023"),
        tweet("500", "https://t.co/pic", "Thu Oct 19 08:00:00 +0000 2023",
              entities={"urls": [], "media": [pic]}, extended_entities={"media": [pic]}),
        tweet("501", "https://t.co/lost", "Fri Oct 20 08:00:00 +0000 2023",
              entities={"urls": [], "media": [lost]}, extended_entities={"media": [lost]}),
    ]
    write(root, "data/tweets.js", ytd("tweets.part0", tweets))
    write(root, "data/tweets_media/500-Fabc.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    notes = [
        {"noteTweet": {"noteTweetId": "19", "createdAt": "2023-10-16T08:00:00.000Z",
                       "core": {"text": NOTE_EXPANDED, "urls": []}}},
        {"noteTweet": {"noteTweetId": "20", "createdAt": "2023-10-17T08:00:00.000Z",
                       "core": {"text": NOTE_REPLY, "urls": []}}},
        {"noteTweet": {"noteTweetId": "21", "createdAt": "2023-10-18T08:00:00.000Z",
                       "core": {"text": NOTE_OFF_BY_ONE, "urls": []}}},
    ]
    write(root, "data/note-tweet.js", ytd("note_tweet.part0", notes))
    return root


# --- Facebook groups, 2019–22 name (issue 10, item 6) -----------------------------------


def fb_group_comment(text: str, ts: int) -> dict[str, Any]:
    return {"timestamp": ts, "title": "Jane Doe commented on a post in Therapists Unite.",
            "data": [{"comment": {"timestamp": ts, "comment": text, "author": "Jane Doe",
                                  "group": "Therapists Unite"}}]}


def facebook_groups_2020(root: Path, *, activity_log: bool = False) -> Path:
    """groups/your_posts_and_comments_in_groups.json: posts and comments in one list, under
    group_posts_v2, or in the older {"group_posts": {"activity_log_data": [...]}}."""
    items = [fb_post("Group post from 2020 about a hard week", TS_2019),
             fb_group_comment("Group comment from 2020", TS_2019 + 60)]
    body = {"group_posts": {"activity_log_data": items}} if activity_log else {
        "group_posts_v2": items}
    write(root, "groups/your_posts_and_comments_in_groups.json", meta_json(body))
    write(root, "posts/your_posts_1.json", meta_json([fb_post("Timeline post", TS_2019)]))
    return root


# --- TikTok (issue 10, item 11) --------------------------------------------------------
# Shape of "Download your data" in JSON: one user_data_tiktok.json (user_data.json before
# ~2023) holding every section as nested objects. Key names per the public readers cited in
# docs/audit.md; posts moved from "Video"/"Videos" to "Post"/"Posts", comment keys went
# from "Comment"/"Date" to "comment"/"date", and DMs sit in the same file.

TIKTOK_USER = "jane.rn"
TIKTOK_BIO = "ICU nurse. Views my own."


def _tiktok_dms() -> dict[str, Any]:
    chat = [
        {"Date": "2024-03-01 20:00:00", "From": "sam.k", "Content": "private words from sam"},
        {"Date": "2024-03-01 20:01:00", "From": TIKTOK_USER, "Content": "my private reply"},
        {"Date": "2024-03-01 20:02:00", "From": TIKTOK_USER, "Content": "another one"},
    ]
    return {"ChatHistory": {"Chat History with sam.k:": chat}}


def tiktok_2024(root: Path, name: str = "user_data_tiktok.json") -> Path:
    """Current layout: "Post" > "Posts" > "VideoList" with "Title", lower-case comment keys."""
    data = {
        "Your Activity": {
            "Watch History": {"VideoList": [
                {"Date": "2024-01-02 03:04:05", "Link": "https://www.tiktokv.com/share/video/1/"}
            ]},
            "Like List": {"ItemFavoriteList": [
                {"date": "2024-01-02 03:04:05", "link": "https://www.tiktokv.com/share/video/2/"}
            ]},
            "Searches": {"SearchList": [
                {"Date": "2024-01-03 00:00:00", "SearchTerm": "night shift"}
            ]},
        },
        "Comment": {"Comments": {"CommentsList": [
            {"date": "2024-02-01 10:00:00", "comment": "so true, night shift is rough",
             "photo": "N/A", "url": ""},
            {"date": "2024-02-02 11:00:00", "comment": FLAGGED, "photo": "N/A", "url": ""},
            {"date": "2024-02-03 12:00:00", "comment": "", "photo": "N/A", "url": ""},
        ]}},
        "Direct Message": {"Direct Messages": _tiktok_dms()},
        "Post": {
            "Posts": {"VideoList": [
                {"Date": "2024-01-10 08:00:00",
                 "Link": "https://www.tiktokv.com/share/video/7320000000000000001/",
                 "Likes": "12", "WhoCanView": "Everyone", "AllowComments": "Yes",
                 "Sound": "original sound", "Location": "", "Title": BENIGN, "AddYoursText": ""},
                {"Date": "2024-01-11 09:30:00",
                 "Link": "https://www.tiktokv.com/share/video/7320000000000000002/",
                 "Likes": "3", "WhoCanView": "Friends", "Title": "", "AddYoursText": ""},
            ]},
            "Recently Deleted Posts": {"PostList": [
                {"Date": "2024-01-12 09:30:00", "Title": "a post I deleted last week"}
            ]},
        },
        "Profile": {"Profile Info": {"ProfileMap": {
            "userName": TIKTOK_USER, "bioDescription": TIKTOK_BIO,
            "emailAddress": "jane@example.org", "birthDate": "01-Jan-1990",
        }}},
        "Tiktok Live": {"Watch Live History": {"WatchLiveMap": {"7330000000000000000": {
            "WatchTime": "2024-02-10 21:00:00", "Link": "",
            "Comments": [{"CommentTime": "2024-02-10 21:05:00",
                          "CommentContent": "hi from the ward"}],
            "Questions": [{"QuestionTime": "2024-02-10 21:06:00",
                           "QuestionContent": "how do you handle 12h shifts?"}],
        }}}},
    }
    return write(root, name, json.dumps(data))


def tiktok_2021(root: Path) -> Path:
    """Older layout: user_data.json, "Video" > "Videos" > "VideoList" with "Desc", "Comment"
    > "Comments" with capitalised keys, "Activity", "Profile Information"."""
    data = {
        "Activity": {"Video Browsing History": {"VideoList": [
            {"Date": "2021-01-02 03:04:05", "VideoLink": "https://www.tiktokv.com/share/video/9/"}
        ]}},
        "Comment": {"Comments": {"CommentsList": [
            {"Date": "2021-05-01 10:00:00", "Comment": "first comment"},
        ]}},
        "Direct Messages": {"Chat History": _tiktok_dms()},
        "Video": {"Videos": {"VideoList": [
            {"Date": "2021-04-01 08:00:00",
             "VideoLink": "https://www.tiktokv.com/share/video/6950000000000000001/",
             "Likes": "7", "Desc": FLAGGED},
        ]}},
        "Profile": {"Profile Information": {"ProfileMap": {"userName": TIKTOK_USER,
                                                           "bioDescription": ""}}},
    }
    return write(root, "user_data.json", json.dumps(data))


# --- Bluesky: a repository of any records, and what goes unchecked (issue 10, items 9, 12) --


def bluesky_repo(
    dest: Path, records: dict[str, Any], *, big: dict[str, bytes] | None = None
) -> Path:
    """A CAR whose MST is one root node holding `records` (key -> value). `big` maps keys to
    raw block bytes written as they are (oversized or hand-made DAG-CBOR)."""
    blocks: list[tuple[bytes, bytes]] = []

    def put_raw(data: bytes) -> Link:
        cid = cid_for(data)
        blocks.append((cid, data))
        return Link(cid)

    links = {k: put_raw(cbor(v)) for k, v in records.items()}
    links.update({k: put_raw(data) for k, data in (big or {}).items()})
    out, prev = [], b""
    for k in sorted(links):
        kb = k.encode()
        p = 0
        while p < min(len(prev), len(kb)) and prev[p] == kb[p]:
            p += 1
        out.append({"p": p, "k": kb[p:], "v": links[k], "t": None})
        prev = kb
    root = put_raw(cbor({"l": None, "e": out}))
    commit = put_raw(cbor({"did": "did:plc:testuser", "version": 3, "data": root, "rev": "3k",
                           "prev": None, "sig": b"\x00" * 8}))
    header = cbor({"version": 1, "roots": [commit]})
    buf = io.BytesIO()
    buf.write(_varint(len(header)) + header)
    for cid, data in reversed(blocks):
        buf.write(_varint(len(cid) + len(data)) + cid + data)
    dest.write_bytes(buf.getvalue())
    return dest


def blob_ref(data: bytes, mime: str = "image/jpeg") -> dict[str, Any]:
    """A current-style blob reference; its CID is that of the raw bytes."""
    return {"$type": "blob", "ref": Link(b"\x01\x55\x12\x20" + hashlib.sha256(data).digest()),
            "mimeType": mime, "size": len(data)}


def blob_cid(data: bytes) -> str:
    import base64

    raw = b"\x01\x55\x12\x20" + hashlib.sha256(data).digest()
    return "b" + base64.b32encode(raw).decode().lower().rstrip("=")


# --- LinkedIn articles (issue 10, item 8) ------------------------------------------------


def linkedin_articles(root: Path) -> Path:
    """Articles/Articles/*.html as LinkedIn writes them: the date in the file name and in the
    page, an "Untitled" heading on drafts, "Created on …" and "Not published yet." lines."""
    write(root, "Shares.csv", "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n")
    draft = ("<html><head><title>Untitled</title></head><body>"
             '<h1><a href="https://www.linkedin.com/pulse/">Untitled</a></h1>'
             '<p class="created">Created on 2021-03-04 17:22</p>'
             '<p class="published">Not published yet.</p>'
             "<div><p>A draft about a hard week on the ward.</p></div></body></html>")
    write(root, "Articles/Articles/2021-03-04 17:22:00.0-Untitled.html", draft)
    published = ("<html><head><title>On boundaries</title></head><body>"
                 "<h1>On boundaries</h1>"
                 '<p class="created">Created on 2019-12-30 08:00</p>'
                 '<p class="published">Published on 2020-01-02 09:30</p>'
                 "<div><p>Saying no is part of the work.</p></div></body></html>")
    write(root, "Articles/Articles/On-boundaries.html", published)
    return root


# --- Facebook items in no shape the importer knows (issue 10 follow-up) -------------------
# Each item has keys, but none Facebook writes: read as "nothing written" they would hide a
# new layout behind "Screened 0 … fine". The text is "hello" so a test can check it stays
# out of the problem's message.
FB_UNKNOWN_ITEMS: list[dict[str, Any]] = [
    {"timestamp": TS_2019, "data": [{"text": "hello"}]},
    {"timestamp": TS_2021, "foo": 1},
]


def facebook_empty_posts(root: Path) -> Path:
    """Posts with nothing written, in shapes Facebook does write: a share (only
    update_timestamp), an "updated status" with empty data, a photo with no caption, and an
    empty label/value post. None of these is a sign of a new layout."""
    photo = "posts/media/TimelinePhotos_1/9_n.jpg"
    write(root, photo, b"\xff\xd8\xff\xe0 not really a jpeg")
    posts = [
        fb_post(None, TS_2019),
        {"timestamp": TS_2019 + 1, "data": []},
        {"timestamp": TS_2019 + 2, "attachments": [{"data": [
            {"media": {"uri": photo, "creation_timestamp": TS_2019}}]}]},
        {"timestamp": TS_2019 + 3, "attachments": [{"data": [
            {"external_context": {"url": "https://example.org/a"}}]}],
         "data": [{"update_timestamp": TS_2019 + 3}]},
    ]
    write(root, "posts/your_posts_1.json", meta_json(posts))
    write(root, "posts/posts_on_other_pages_and_profiles.json", meta_json(
        [{"timestamp": TS_2019, "fbid": "1", "label_values": []}]))
    write(root, "groups/your_comments_in_groups.json", meta_json({"group_comments_v2": []}))
    return root
