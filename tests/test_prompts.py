"""On a terminal, missing values are asked for (questionary); without one, never.

The terminal is a real pseudo-terminal: perm runs as a subprocess attached to it and the
test types the answers after seeing each question."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time

import pytest

from conftest import perm_executable


def drive(args, answers, env, timeout=20.0):
    """Run perm on a pseudo-terminal; for each (question, keys) wait for the question, then type."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([perm_executable(), *args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    seen = b""

    def read_until(marker: bytes | None, limit: float) -> None:
        nonlocal seen
        end = time.time() + limit
        while time.time() < end:
            if marker is not None and marker in seen:
                return
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                seen += chunk
        if marker is not None:
            raise AssertionError(f"perm never asked {marker!r}; it printed: {seen[-500:]!r}")

    try:
        for question, keys in answers:
            read_until(question.encode(), timeout)
            seen = seen[seen.index(question.encode()) + len(question):]
            time.sleep(0.2)
            os.write(master, keys.encode())
        read_until(None, 2.0)
        code = proc.wait(timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return code, seen.decode(errors="replace")


@pytest.fixture
def terminal_env(isolated):
    env = {k: v for k, v in os.environ.items() if k != "PERM_NO_PROMPT"}
    env.update(PERM_AS_OF="2026-11-23", TERM="xterm")
    return env


def test_child_add_and_record_ask_on_a_terminal(perm, terminal_env):
    assert perm("init").code == 0
    code, screen = drive(
        ["child", "add"],
        [("Child ID:", "C7\r"), ("Name:", "Test Child\r"), ("Date of birth", "2015-05-05\r"),
         ("Social worker", "Sam\r"), ("Team", "North\r")],
        terminal_env,
    )
    assert code == 0, screen
    assert "Added child C7." in screen

    # Enter takes the default date (the as-of day) and the first legal status (s20);
    # "(none)" skips the optional first placement.
    code, screen = drive(
        ["record", "looked-after"],
        [("Child ID:", "C7\r"), ("Date", "\r"), ("Legal status", "\r"), ("First placement type", "\r")],
        terminal_env,
    )
    assert code == 0, screen
    assert "Recorded event 1: Became looked after for C7 on 2026-11-23." in screen

    story = json.loads(perm("--as-of", "2026-11-23", "show", "C7", "--json").out)
    assert [(e["kind"], e["date"], e["details"]) for e in story["events"]] == [
        ("looked-after", "2026-11-23", {"legal_status": "s20"})
    ]
    assert story["child"]["worker"] == "Sam" and story["child"]["team"] == "North"


def test_a_bad_answer_is_asked_again(perm, terminal_env):
    assert perm("init").code == 0
    assert perm("child", "add", "C8", "--name", "Other Child", "--dob", "2016-06-06").code == 0
    code, screen = drive(
        ["record", "review", "C8"],
        [("Date", "\x15" + "2026-02-30\r"), ("not a real date", "\x15" + "2026-03-02\r")],
        terminal_env,
    )
    # The review itself is refused (not looked after) after the date is accepted.
    assert code == 1
    assert "C8: LAC review held on 2026-03-02 but the child is not looked after then" in screen


def test_no_terminal_means_no_prompt(perm_cli, perm):
    assert perm("init").code == 0
    result = perm_cli("child", "add", env={"PERM_NO_PROMPT": ""}, input="C9\n")
    assert result.code == 2
    assert "Missing argument 'CHILD_ID'" in result.err
