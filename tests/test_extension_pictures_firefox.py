"""The pictures attached in a composer are checked at Post in Firefox ESR too.

test_extension_firefox.py's browser (WebDriver BiDi, the Firefox package as a temporary
add-on) on the X replica (a `blob:` preview) and the Facebook one (the file input only).
In Firefox the page's File and its promises cannot be used from a content script, which
is why content/pictures.js reads the bytes with a FileReader of its own.
"""

from __future__ import annotations

import base64

import media_samples as m
import pytest
from extension_support import wait_for
from test_extension_firefox import (
    _PANEL_JS,
    Firefox,
    _badge,
    _open,
    _posted,
    _same_dirs_for_the_module,
    _submit,
    _type,
    app_url,
    certificate,
    firefox,
    home,
    paired,
    replica_port,
    store,
    tab,
)
from test_extension_firefox import pytestmark as firefox_marks

from pausepost.web.pictures import media_problem

# test_extension_firefox.py's fixtures, re-exported for pytest.
__all__ = [
    "_same_dirs_for_the_module", "app_url", "certificate", "firefox", "home", "paired",
    "replica_port", "store", "tab",
]  # fmt: skip

pytestmark = [
    *firefox_marks,
    pytest.mark.skipif(media_problem() is not None, reason=str(media_problem())),
]

# The page attaches a picture as a user's choice does: the file input's files, then change.
ATTACH = """(() => { const b = atob(ARG); const u = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) u[i] = b.charCodeAt(i);
  const dt = new DataTransfer(); dt.items.add(new File([u], 'note.jpg', {type: 'image/jpeg'}));
  const input = document.querySelector('[data-replica-file]'); input.files = dt.files;
  input.dispatchEvent(new Event('change', {bubbles: true})); return true; })()"""
PICTURE = f"""(() => {{ const d = {_PANEL_JS};
  const li = d && d.querySelector('#pause-pictures > li');
  return li && {{verdict: li.dataset.verdict, text: li.innerText}}; }})()"""


@pytest.mark.parametrize("host", ["x.com", "www.facebook.com"])
def test_firefox_stops_a_harmless_caption_with_a_clients_note(
    paired: Firefox, tab: str, host: str
) -> None:
    ff = paired
    _open(ff, tab, host)
    _type(ff, tab, "A good week on the ward.")
    _badge(ff, tab, "post")
    note = base64.b64encode(m.jpeg_bytes(m.note_printed())).decode()
    ff.page(tab, ATTACH, note)
    _submit(ff, tab)
    got = wait_for(lambda: ff.page(tab, PICTURE), timeout=15, what="the picture in the panel")
    assert got["verdict"] == "hold"
    assert "\u201cRosa\u201d: name identifies" in got["text"]
    assert _posted(ff, tab) == []
