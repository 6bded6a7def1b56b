"""``osint-desk encrypt`` / ``decrypt`` and every command on an encrypted case.

The passphrase comes from ``$OSINT_DESK_PASSPHRASE``, ``--passphrase-file FILE`` or the
terminal; without any of them (stdin not a terminal) an encrypted case is a usage error.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import Cli

from osint_desk.cli import passphrase as cli_passphrase
from osint_desk.core.errors import OsintDeskError, WrongPassphraseError
from osint_desk.core.store import CaseStore

PASSPHRASE = "s3cret pass — ключ"


def run(cli: Cli, *args: str | Path, env: dict[str, str] | None = None,
        code: int = 0) -> subprocess.CompletedProcess[str]:
    """As ``Cli.run``, with stdin that is not a terminal (a script, CI)."""
    result = subprocess.run(
        [sys.executable, "-m", "osint_desk", *map(str, args)], env={**cli.env, **(env or {})},
        cwd=cli.tmp, capture_output=True, text=True, encoding="utf-8", timeout=120,
        check=False, stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert PASSPHRASE not in result.stdout + result.stderr
    assert "hmac check failed" not in result.stderr  # SQLCipher's own log stays quiet
    return result


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, Path, Path]:
    tmp = tmp_path_factory.mktemp("encrypted")
    cli = Cli(tmp)
    plain = tmp / "demo.osintcase"
    cli.run("demo", plain)
    digest = hashlib.sha256(plain.read_bytes()).hexdigest()
    out = run(cli, "encrypt", plain, env={"OSINT_DESK_PASSPHRASE": PASSPHRASE}).stdout
    target = tmp / "demo.encrypted.osintcase"
    assert f"Wrote the encrypted copy {target}" in out
    assert "verified: the case is intact" in out and "demo.osintcase was not changed" in out
    assert hashlib.sha256(plain.read_bytes()).hexdigest() == digest
    return cli, plain, target


def test_the_copy_is_unreadable_without_the_passphrase(
        encrypted: tuple[Cli, Path, Path]) -> None:
    _cli, _plain, target = encrypted
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(target).execute("select * from sqlite_master")


def test_commands_open_it_with_the_passphrase_from_the_environment(
        encrypted: tuple[Cli, Path, Path]) -> None:
    cli, plain, target = encrypted
    env = {"OSINT_DESK_PASSPHRASE": PASSPHRASE}
    shown = run(cli, "show", target, env=env).stdout
    assert shown == run(cli, "show", plain).stdout
    hits = run(cli, "search", target, "Kirby", "--json", env=env).stdout
    assert hits == run(cli, "search", plain, "Kirby", "--json").stdout
    assert "John Kirby" in hits
    assert "intact" in run(cli, "verify", target, env=env).stdout
    # A plain case ignores a passphrase given for another one.
    run(cli, "show", plain, env=env)


def test_writing_commands_work_on_an_encrypted_case(
        encrypted: tuple[Cli, Path, Path], tmp_path: Path) -> None:
    cli, _plain, target = encrypted
    env = {"OSINT_DESK_PASSPHRASE": PASSPHRASE}
    copy = tmp_path / "own.osintcase"
    copy.write_bytes(target.read_bytes())  # a file of this test's own
    run(cli, "entity", "add", copy, "--type", "vessel", "--name", "Lady R", env=env)
    listed = run(cli, "entity", "list", copy, env=env).stdout
    assert "Lady R" in listed


def test_a_wrong_passphrase_is_refused_clearly(encrypted: tuple[Cli, Path, Path]) -> None:
    cli, _plain, target = encrypted
    err = run(cli, "show", target, env={"OSINT_DESK_PASSPHRASE": "not it"}, code=1).stderr
    assert err.startswith(f"osint-desk: error: {target}: wrong passphrase, or this file is"
                          " not an OSINT Desk case")
    assert "not it" not in err


def test_no_passphrase_and_no_terminal_is_a_usage_error(
        encrypted: tuple[Cli, Path, Path]) -> None:
    cli, _plain, target = encrypted
    err = run(cli, "show", target, code=2).stderr
    assert "this case is encrypted and no passphrase was given" in err
    assert "OSINT_DESK_PASSPHRASE" in err and "--passphrase-file" in err
    assert "a new passphrase is needed" in run(cli, "encrypt", target, code=2).stderr


def test_the_passphrase_file_option_goes_anywhere(encrypted: tuple[Cli, Path, Path],
                                                  tmp_path: Path) -> None:
    cli, plain, target = encrypted
    key = tmp_path / "key.txt"
    key.write_text(PASSPHRASE + "\n", encoding="utf-8")
    expected = run(cli, "show", plain).stdout
    assert run(cli, "show", target, "--passphrase-file", key).stdout == expected
    assert run(cli, "--passphrase-file", key, "show", target).stdout == expected
    assert run(cli, "show", f"--passphrase-file={key}", target).stdout == expected
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope\n", encoding="utf-8")
    assert "wrong passphrase" in run(cli, "show", target, "--passphrase-file", wrong,
                                     code=1).stderr
    assert "No such file" in run(cli, "show", target, "--passphrase-file",
                                 tmp_path / "missing.txt", code=1).stderr
    assert "needs a FILE" in run(cli, "show", target, "--passphrase-file", code=2).stderr


def test_decrypt_writes_a_plain_copy(encrypted: tuple[Cli, Path, Path]) -> None:
    cli, plain, target = encrypted
    env = {"OSINT_DESK_PASSPHRASE": PASSPHRASE}
    out = run(cli, "decrypt", target, "--json", env=env).stdout
    assert '"kind": "plain"' in out
    back = cli.tmp / "demo.decrypted.osintcase"
    assert run(cli, "show", back).stdout == run(cli, "show", plain).stdout
    assert "already exists" in run(cli, "decrypt", target, "-o", back, env=env,
                                   code=1).stderr
    assert "wrong passphrase" in run(cli, "decrypt", target, "-o", cli.tmp / "x.osintcase",
                                     env={"OSINT_DESK_PASSPHRASE": "nope"}, code=1).stderr
    assert not (cli.tmp / "x.osintcase").exists()


def test_the_terminal_prompt_retries_then_gives_up(
        encrypted: tuple[Cli, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """In process: ``getpass`` typed into (a terminal cannot be driven from a subprocess)."""
    _cli, _plain, target = encrypted
    monkeypatch.delenv("OSINT_DESK_PASSPHRASE", raising=False)
    monkeypatch.setattr(cli_passphrase, "_can_prompt", lambda: True)
    typed = iter(["wrong one", PASSPHRASE])
    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(cli_passphrase.getpass, "getpass", fake_getpass)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with cli_passphrase.open_store(target, read_only=True) as store:
        assert store.encrypted and store.counts().entities > 0
    assert prompts == ["Passphrase for demo.encrypted.osintcase: "] * 2
    assert "wrong passphrase" in sys.stderr.getvalue()  # type: ignore[attr-defined]
    monkeypatch.setattr(cli_passphrase.getpass, "getpass", lambda prompt: "always wrong")
    with pytest.raises(WrongPassphraseError):
        cli_passphrase.open_store(target, read_only=True)
    answers = iter(["first", "second"])
    monkeypatch.setattr(cli_passphrase.getpass, "getpass", lambda prompt: next(answers))
    with pytest.raises(OsintDeskError, match="differ"):
        cli_passphrase.new_passphrase(target)
    with CaseStore.open(target, passphrase=PASSPHRASE, read_only=True):
        pass
