"""Browser tests: headless Debian Chromium through Playwright, a real log-in and an axe check.

Mark tests ``@pytest.mark.browser``. Without Chromium the tests are skipped with the reason shown,
except under ``CI=true``, where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from ssp.accounts.models import User

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe" / "axe.min.js"
PASSWORD = "test-password-123"  # noqa: S105 - the password of throwaway test users


@pytest.fixture(scope="session")
def _reference_data_dump(django_db_setup: None, django_db_blocker: Any) -> str:
    """The migrated reference data (districts, municipalities, councils) as Django serialised it at set-up.

    Kept here because once Playwright's event loop runs, Django hands this thread a new connection
    object without the dump, and serialized_rollback would silently restore nothing.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        return getattr(connection, "_test_serialized_contents", "")


@pytest.fixture(scope="session")
def browser(_reference_data_dump: str) -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (run `make browser` as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    # live_server's database access runs beside Playwright's event loop in this thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp lets the axe check inject its script; the pages themselves run under the real CSP headers
    # otherwise, since Chromium applies the policy to the pages' own content either way.
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    opened = context.new_page()
    yield opened
    context.close()


def _totp_token(user: User) -> str:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="browser-test", confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.fixture
def reference_data(transactional_db: None, _reference_data_dump: str) -> None:
    """Put the migrated reference data back after an earlier live-server test flushed the tables.

    Browser tests need ``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``.
    """
    from django.db import connection

    from ssp.structure.models import Municipality

    if not Municipality.objects.exists():
        assert _reference_data_dump, "mark the test django_db(transaction=True, serialized_rollback=True)"
        # Only the structure's rows: content types and permissions come back with the flush itself.
        rows = [row for row in json.loads(_reference_data_dump) if row["model"].startswith("structure.")]
        connection.creation.deserialize_db_from_string(json.dumps(rows))


@pytest.fixture
def browser_login(reference_data: None) -> Callable[[Any, Any, User], None]:
    """``browser_login(page, live_server, user)``: log in through the real form, and when the
    next page asks for a one-time code, enter one from the user's confirmed TOTP device."""

    def do(page: Any, live_server: Any, user: User) -> None:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        token = _totp_token(user)
        page.goto(live_server.url + reverse("accounts:login"))
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", PASSWORD)
        page.locator("form:has(input[name=password]) [type=submit]").click()
        page.wait_for_load_state()
        code_field = page.locator("input[name=otp_token], input[name=token], input[name=code]")
        if code_field.count():
            code_field.first.fill(token)
            page.locator("form:has(input[name=otp_token], input[name=token], input[name=code]) [type=submit]").click()
            page.wait_for_load_state()
        assert "/login" not in page.url, f"log-in of {user.get_username()} ended on {page.url}"

    return do


def assert_no_serious_axe_violations(page: Any) -> None:
    """Run axe-core on the page and fail with a readable list of serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    lines = [
        f"- {v['impact']}: {v['id']} ({v['help']}) at {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in serious
    ]
    assert not serious, f"axe found {len(serious)} serious/critical violations on {page.url}:\n" + "\n".join(lines)


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Names the element that sticks out furthest, so a failure says where to look.
WIDEST = """() => { let best = null, right = 0;
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; best = el; }
  }
  const path = [];
  for (let el = best; el && el !== document.body; el = el.parentElement) path.unshift(el.tagName + "." + el.className);
  return path.join(" > ") + " »" + (best.textContent || "").trim().slice(0, 40) + "« " + Math.round(right); }"""


def assert_no_sideways_scroll(page: Any) -> None:
    """The page is no wider than the window: nothing makes a phone scroll sideways."""
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width}px wide in a {inner}px window: {page.evaluate(WIDEST)}"


def screenshot(page: Any, name: str) -> None:
    """For looking at the pages by eye: ``SSP_SCREENSHOT_DIR=/tmp/shots pytest -m browser …``."""
    if shots := os.environ.get("SSP_SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)


def assert_fits_and_passes_axe(page: Any, viewport: dict[str, int]) -> None:
    """The page does not scroll sideways at the viewport's width, and axe finds nothing serious."""
    assert_no_sideways_scroll(page)
    assert_no_serious_axe_violations(page)
