"""The people of `knowflow bench load` (bench/load.py), run by locust in a process of its own.

Locust patches the standard library for gevent when it is imported, so it never runs inside
the Django process: bench/load.py writes a plan (a JSON file named by KNOWFLOW_LOAD_PLAN: the
people to sign in as, question ids, search words, topics, the mix, the think time) and starts
`locust --headless -f bench/_locustfile.py`. This file imports nothing from Knowflow.

Each simulated person signs in through the real form, loads the home page once, and waits
until everyone has signed in; then the statistics are reset and the measured window begins
(sign-ins hash a password: they would otherwise dominate the first seconds). After the plan's
duration the runner stops (in-flight requests finish) and quits.

Locust keeps response times rounded to two significant digits (104 ms counts as 100), which
is too coarse for a p99 compared with 100 ms. So every request's exact time, 5xx apart from
other failures, and the markers of the writes the server acknowledged are also written to the
plan's `results` file when locust quits.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from collections import defaultdict
from pathlib import Path

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, constant, constant_throughput, events
from locust.contrib.fasthttp import FastHttpSession
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["KNOWFLOW_LOAD_PLAN"]).read_text())
NAMES: dict[str, str] = PLAN["kinds"]  # request kind -> the name reported for it
EXAMPLES = 3  # failure messages kept per kind

_index = itertools.count()
_go = Event()
_state = {
    "launched_at": time.time(),
    "ready": 0,
    "signed_in": 0,
    "signin_failures": [],
    "measuring": False,
    "started_at": None,
    "stopped_at": None,
    "acknowledged": [],
}
_kinds: dict[str, dict] = defaultdict(lambda: {"ms": [], "5xx": 0, "other": 0, "examples": []})
_environment = None

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The home page's "new posts" banner polls /posts/new/?since=<its top cursor>&show=all, and
# every page's notification badge polls /notifications/badge/?shown=<the count shown>.
SINCE = re.compile(r'/posts/new/\?since=([^&"]+)&amp;show=')
SHOWN = re.compile(r"/notifications/badge/\?shown=(\d+)")


@events.init.add_listener
def _on_init(environment, **_kwargs) -> None:
    global _environment
    _environment = environment


@events.request.add_listener
def _on_request(name, response_time, response=None, exception=None, **_kwargs) -> None:
    if not _state["measuring"]:
        return
    kind = _kinds[name]
    if exception is None:
        kind["ms"].append(response_time)
        return
    status = getattr(response, "status_code", 0) or 0
    kind["5xx" if 500 <= status < 600 else "other"] += 1
    if len(kind["examples"]) < EXAMPLES:
        kind["examples"].append(f"HTTP {status}: {exception}"[:300])


@events.quitting.add_listener
def _on_quitting(**_kwargs) -> None:
    out = {
        **_state,
        "stopped_at": _state["stopped_at"] or time.time(),
        "kinds": dict(_kinds),
    }
    Path(PLAN["results"]).write_text(json.dumps(out))


def _everyone_ready() -> None:
    """The last person to sign in starts the measured window (or ends a run that failed)."""
    if _state["signin_failures"]:
        _go.set()
        gevent.spawn(_environment.runner.quit)
        return
    _environment.runner.stats.reset_all()
    _kinds.clear()
    _state["measuring"] = True
    _state["started_at"] = time.time()
    Path(PLAN["started"]).write_text(str(_state["started_at"]))
    _go.set()
    gevent.spawn_later(PLAN["duration"], _finish)


def _finish() -> None:
    _state["stopped_at"] = time.time()
    _environment.runner.quit()


def _wait_time():
    if PLAN.get("tasks_per_second"):
        return constant_throughput(PLAN["tasks_per_second"])
    low, high = PLAN["think"]
    return constant(low) if low == high else between(low, high)


class Person(FastHttpUser):
    """One signed-in person going through the mix."""

    wait_time = _wait_time()
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        self.index = next(_index)
        self.person = PLAN["people"][self.index % len(PLAN["people"])]
        self.rng = random.Random(f"{PLAN['seed']}-{self.index}")
        self.writes = itertools.count(1)
        self.deck: list = []
        self.since = ""
        self.shown = "0"
        # The API as a script calls it: a personal token, no session cookie.
        self.api = FastHttpSession(
            base_url=self.host,
            request_event=self.environment.events.request,
            user=self,
            network_timeout=self.network_timeout,
            connection_timeout=self.connection_timeout,
        )
        try:
            self._sign_in()
            self._read_home(self._get("home", "/", count=False))
            _state["signed_in"] += 1
        except Exception as exc:  # reported by the bench, not raised in a greenlet
            _state["signin_failures"].append(f"{self.person['email']}: {exc}"[:300])
        _state["ready"] += 1
        if _state["ready"] == PLAN["users"]:
            _everyone_ready()
        _go.wait()
        if _state["signin_failures"]:
            raise StopUser()

    def _sign_in(self) -> None:
        page = self.client.get("/accounts/login/", name=NAMES["sign_in"])
        token = CSRF_FIELD.search(page.text or "")
        if page.status_code != 200 or token is None:
            raise RuntimeError(f"the sign-in page answered HTTP {page.status_code}")
        with self.client.post(
            "/accounts/login/",
            data={
                "login": self.person["email"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1),
            },
            name=NAMES["sign_in"],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
                raise RuntimeError(f"signing in answered HTTP {response.status_code}, not 302")

    # --- Requests -------------------------------------------------------------------------------

    def _get(self, kind: str, path: str, *, ok=(200,), htmx: bool = False, count: bool = True):
        headers = {"HX-Request": "true", "HX-Current-URL": f"{self.host}/"} if htmx else None
        with self.client.get(
            path,
            name=NAMES[kind] if count else NAMES["sign_in"],
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in ok:
                response.failure(f"HTTP {response.status_code}")
            return response

    def _post(self, kind: str, path: str, fields: dict, marker: str, *, referer: str) -> None:
        fields["csrfmiddlewaretoken"] = self._csrf()
        with self.client.post(
            path,
            data=fields,
            name=NAMES[kind],
            headers={"Referer": f"{self.host}{referer}"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # A form that was written redirects to what it wrote; one with errors is a 400.
            if response.status_code == 302:
                _state["acknowledged"].append(marker)
            else:
                response.failure(f"HTTP {response.status_code}")

    def _csrf(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def _marker(self) -> str:
        return f"{PLAN['marker']}-{self.index}-{next(self.writes)}"

    def _read_home(self, response) -> None:
        text = response.text or ""
        since, shown = SINCE.search(text), SHOWN.search(text)
        self.since = since.group(1) if since else self.since
        self.shown = shown.group(1) if shown else self.shown


# --- The mix: one function a task, weights from the plan -----------------------------------------


def home(user: Person) -> None:
    """The home page, then its side column (loaded by htmx when the page is shown)."""
    user._read_home(user._get("home", "/"))
    user._get("for_you", "/posts/for-you/", htmx=True)


def new_posts(user: Person) -> None:
    user._get("new_posts", f"/posts/new/?since={user.since}&show=all", htmx=True)


def badge(user: Person) -> None:
    # 204 when the count shown is still right.
    user._get("badge", f"/notifications/badge/?shown={user.shown}", ok=(200, 204), htmx=True)


def question(user: Person) -> None:
    """A question's page, then what it loads after it: related questions and likely helpers."""
    qid = user.rng.choice(PLAN["questions"])
    user._get("question", f"/help/questions/{qid}/")
    user._get("related", f"/help/questions/{qid}/related/", htmx=True)
    user._get("helpers", f"/experts/questions/{qid}/helpers/", ok=(200, 204), htmx=True)


def questions(user: Person) -> None:
    user._get("questions", "/help/")


def search(user: Person) -> None:
    user._get("search", f"/search/?q={user.rng.choice(PLAN['words'])}")


def topic(user: Person) -> None:
    user._get("topic", f"/topics/{user.rng.choice(PLAN['topics'])}/")


def profile(user: Person) -> None:
    user._get("profile", f"/people/{user.rng.choice(PLAN['profiles'])}/")


def directory(user: Person) -> None:
    user._get("directory", "/people/")


def api_feed(user: Person) -> None:
    with user.api.get(
        "/api/v1/feed",
        name=NAMES["api_feed"],
        headers={"Authorization": f"Bearer {user.person['token']}"},
        catch_response=True,
    ) as response:
        if response.status_code != 200:
            response.failure(f"HTTP {response.status_code}")


def post(user: Person) -> None:
    """The home page's composer (a form post, then a redirect home)."""
    marker = user._marker()
    tag = user.rng.choice(PLAN["topics"])
    body = f"Load note {marker}: what we learned about #{tag} this week."
    user._post("post", "/", {"body": body, "audience": "everyone"}, marker, referer="/")


def answer(user: Person) -> None:
    qid = user.rng.choice(PLAN["questions"])
    marker = user._marker()
    body = f"Here is what worked for us ({marker}): start small, measure, then widen."
    path = f"/help/questions/{qid}/"
    user._post("answer", f"{path}answer/", {"body": body}, marker, referer=path)


def ask(user: Person) -> None:
    marker = user._marker()
    words = " ".join(user.rng.sample(PLAN["words"], min(3, len(PLAN["words"]))))
    fields = {
        "title": f"How do we handle {words}?",
        "body": f"We are stuck on this ({marker}); any pointers welcome.",
        "goal": "",
        "tried": "",
        "good_answer": "",
        "topics": user.rng.choice(PLAN["topics"]),
        "audience": "everyone",
    }
    user._post("ask", "/help/ask/", fields, marker, referer="/help/ask/")


TASKS = {
    "home": home,
    "new_posts": new_posts,
    "badge": badge,
    "question": question,
    "questions": questions,
    "search": search,
    "topic": topic,
    "profile": profile,
    "directory": directory,
    "api_feed": api_feed,
    "post": post,
    "answer": answer,
    "ask": ask,
}
DECK = [TASKS[key] for key, weight in PLAN["weights"].items() for _ in range(weight)]


def next_task(user: Person) -> None:
    """Each person works through the mix as a shuffled deck (every 100 tasks of the default
    weights hold exactly 33 home pages, 6 posts, ...), not by independent draws: short runs get
    the mix too, and every kind comes up in a person's first pass."""
    if not user.deck:
        user.deck = DECK[:]
        user.rng.shuffle(user.deck)
    user.deck.pop()(user)


Person.tasks = [next_task]
