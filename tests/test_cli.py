"""The command line: one-line messages, exit codes, stdout kept clean for JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paths import EXAMPLE, ROOT


def run(*args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "synopsis", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=300)


@pytest.mark.parametrize(
    "args, message, code",
    [
        (["brief", "no/such/folder"], "no/such/folder: no such file or folder", 2),
        (["brief", "{empty}"], "has no files", 2),
        (["brief", "{pdf}"], "unsupported file type '.pdf'", 2),
        (["brief", "{binary}"], "binary file", 2),
        (["brief", "{big}", "--max-bytes", "100"], "over the", 2),
        (["brief", "{furniture}"], "nothing of the article is left", 2),
        (["brief", str(EXAMPLE), "--outlets", "{badjson}"], "not valid JSON", 2),
        (["brief", str(EXAMPLE), "--summarizer", "magic"], "unknown summarizer 'magic'", 2),
        (["brief", str(EXAMPLE), "--words", "3"], "--words 3 is too small", 2),
        (["brief", str(EXAMPLE), "--date", "27/03/2017"], "--date must be a date as YYYY-MM-DD", 2),
        (["evaluate", "summaries", "no/such.jsonl", "--dataset", "multinews"], "no/such.jsonl: no such file", 2),
        (["evaluate", "quotes", "no/such.jsonl", "--dataset", "ggt"], "no/such.jsonl: no such file", 2),
        (["evaluate", "quotes", "{badjson}", "--dataset", "ggt"], "map.json", 2),
        (["quotes", "no/such/folder"], "no/such/folder: no such file or folder", 2),
        (["stories", "no/such/folder", "--out", "{empty}/out"], "no/such/folder: no such file or folder", 2),
        (["stories", str(EXAMPLE), "--out", "{empty}/out", "--state", "{badjson}"], "map.json", 2),
        (["evaluate", "stories", "no/such.jsonl", "--dataset", "multinews"], "no/such.jsonl: no such file", 2),
        (["brief", str(EXAMPLE), "--outlets", "{empty}"], "cannot be read", 2),
        (["brief", str(EXAMPLE), "--format", "md", "--out", "{empty}/no/such/brief.md"], "does not exist", 2),
        (["brief", str(EXAMPLE), "--max-bytes", "0"], "--max-bytes must be at least 1 (got 0)", 2),
        (["quotes", str(EXAMPLE), "--max-bytes", "-1"], "--max-bytes must be at least 1 (got -1)", 2),
        (["stories", str(EXAMPLE), "--out", "{empty}/out", "--max-bytes", "0"], "--max-bytes must be at least 1", 2),
        (["stories", str(EXAMPLE), "--out", "{empty}/out", "--state", "{empty}/no/such/state.json"],
         "--state {empty}/no/such/state.json: the folder {empty}/no/such does not exist", 2),
        (["stories", str(EXAMPLE), "--out", "{badjson}/sub"], "cannot create the folder", 2),
        (["evaluate", "summaries", "{mn}", "--dataset", "multinews", "--limit", "-1"], "Invalid value for '--limit'", 2),
        (["evaluate", "summaries", "{mn}", "--dataset", "multinews", "--limit", "0"], "Invalid value for '--limit'", 2),
        (["evaluate", "stories", "{mn}", "--dataset", "multinews", "--limit", "0"], "Invalid value for '--limit'", 2),
        (["evaluate", "quotes", "{mn}", "--dataset", "polnear", "--limit", "-1"], "Invalid value for '--limit'", 2),
        (["evaluate", "summaries", "{mn}", "--dataset", "multinews", "--out", "{badjson}/sub"],
         "cannot create the folder", 2),
        (["evaluate", "quotes", "{ggt}", "--dataset", "ggt"], "no usable article", 2),
        (["brief", str(EXAMPLE), "--outlets", "{fifo}"], "a named pipe, not a file: give a .json or .toml file", 2),
        (["stories", str(EXAMPLE), "--out", "{empty}/out", "--state", "{fifo}"], "a named pipe, not a file", 2),
        (["stories", str(EXAMPLE), "--out", "{badjson}"], "is a file; --out needs a folder", 2),
        (["evaluate", "summaries", "{badjson}", "--dataset", "multinews"], "not JSON", 2),
        (["evaluate", "summaries", "{empty}", "--dataset", "duc"], "docs.without.headlines", 2),
        (["evaluate", "summaries", "{empty}", "--dataset", "duc", "--systems", "magic"], "unknown summarizer magic", 2),
        # usage errors: a choice that is not offered, a missing argument, an unknown option
        (["brief", str(EXAMPLE), "--format", "xml"], "'xml' is not one of 'terminal', 'md', 'html', 'json'", 2),
        (["evaluate", "stories", "x", "--dataset", "cnn"], "'cnn' is not one of", 2),
        (["brief"], "nothing to brief", 2),
        (["brief", str(EXAMPLE), "--nope"], "No such option: --nope", 2),
    ],
)
def test_bad_input_gets_one_clear_line_and_no_traceback(tmp_path, args, message, code):
    (tmp_path / "empty").mkdir()
    files = {
        "pdf": ("x.pdf", b"%PDF-1.4"),
        "binary": ("x.txt", b"\x00\x01binary"),
        "big": ("big.txt", b"Title\n\n" + b"word " * 100),
        "furniture": ("f.txt", b"Skip to main content\nMost Viewed\nSubscribe"),
        "badjson": ("map.json", b"{not json"),
        "mn": ("mn.jsonl", b'{"summary": "S.", "raw_document": ["A document."]}\n'),
        "ggt": ("ggt.jsonl", b'{"_id": "g1", "articleBodyText": 47, "quotations": []}\n'),
    }
    paths = {"empty": str(tmp_path / "empty"), "fifo": str(tmp_path / "pipe.json")}
    os.mkfifo(tmp_path / "pipe.json")  # reading it would block forever
    for key, (name, content) in files.items():
        (tmp_path / name).write_bytes(content)
        paths[key] = str(tmp_path / name)
    args = [a.format(**paths) if "{" in a else a for a in args]
    message = message.format(**paths) if "{" in message else message
    result = run(*args)
    assert result.returncode == code
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_json_on_stdout_is_clean_and_skips_are_reported_on_stderr(tmp_path):
    for name in os.listdir(EXAMPLE):
        (tmp_path / name).write_bytes((EXAMPLE / name).read_bytes())
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = run("brief", str(tmp_path), "--format", "json", "--outlets", str(ROOT / "examples" / "outlets.json"),
                 "--words", "80")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 5
    assert data["skipped"][0]["source"].endswith("notes.pdf")
    assert "skipped" in result.stderr and "notes.pdf" in result.stderr
    assert sum(len(s["text"].split()) for s in data["summary"]) <= 80


def test_version():
    result = run("version")
    assert result.returncode == 0 and result.stdout.startswith("synopsis ")


@pytest.mark.parametrize("args, loads_the_app", [(["version"], False), (["--help"], True)])
def test_python_m_synopsis_version_answers_without_the_command_line_app(args, loads_the_app):
    code = ("import runpy, sys; sys.argv = ['synopsis', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('synopsis', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print('typer' in sys.modules, file=sys.stderr)")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300)
    assert result.stderr.strip().splitlines()[-1] == str(loads_the_app), result.stderr
    assert result.stdout.startswith("Usage:" if loads_the_app else "synopsis "), result.stdout


def test_evaluate_summaries_prints_the_table_and_writes_summaries_and_csv(tmp_path):
    cluster = {"summary": "The harbour board voted to raise ferry fares in June.",
               "raw_document": ["The harbour board voted on Tuesday to raise ferry fares in June for every route.",
                                "Ferry fares will rise in June after a vote by the harbour board on Tuesday."]}
    data = tmp_path / "mn.jsonl"
    data.write_text(json.dumps(cluster) + "\n", encoding="utf-8")
    result = run("evaluate", "summaries", str(data), "--dataset", "multinews", "--words", "20",
                 "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "R-1" in result.stdout and "lexrank" in result.stdout
    assert (tmp_path / "out" / "0.txt").read_text(encoding="utf-8").strip()
    assert (tmp_path / "out" / "scores.csv").read_text(encoding="utf-8").startswith("cluster,system,words,")


def test_quotes_json_lists_verbatim_quotes_with_speakers():
    import synopsis

    result = run("quotes", str(EXAMPLE), "--format", "json", "--outlets", str(ROOT / "examples" / "outlets.json"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    articles = {a.id: a for a in synopsis.load_articles([EXAMPLE]).articles}
    assert {a["id"] for a in data["articles"]} == set(articles) and data["quotes"]
    for entry in data["quotes"]:
        assert entry["kind"] in ("direct", "partial", "reported")
        wordings = {entry["text"]} | {v["text"] for v in entry["variants"]}
        parts = {part for w in wordings for part in w.split(" … ")}  # a continued remark's parts (1.6)
        for c in entry["citations"]:
            assert articles[c["article"]].text[c["start"]:c["end"]] in parts
    # one person, one name (D6): the entities' "Lorna DeVries" is the speaker, however an outlet spells her
    assert any(e["speaker"] == "Lorna DeVries" for e in data["quotes"])
    assert not any(e["speaker"] in ("Lorna de Vries", "De Vries") for e in data["quotes"])


def test_quotes_table_names_speakers():
    result = run("quotes", str(EXAMPLE), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "speaker" in result.stdout and "Lorna" in result.stdout


def test_stories_writes_index_assignments_and_continues_from_state(tmp_path):
    out, state = tmp_path / "out", tmp_path / "state.json"
    result = run("stories", str(EXAMPLE), "--out", str(out), "--state", str(state), "--no-briefs")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in (out / "assignments.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5 and all({"id", "story", "duplicate_of"} <= set(line) for line in lines)
    assert (out / "index.html").exists() and state.exists()
    again = run("stories", str(EXAMPLE / "01_ardenport-ledger.txt"), "--out", str(tmp_path / "next"),
                "--state", str(state), "--no-briefs")
    assert again.returncode == 0, again.stderr
    line = json.loads((tmp_path / "next" / "assignments.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["story"] == lines[0]["story"]


def _inputs_with_one_unusable(tmp_path):
    """The example's articles and a PDF: a run that reads its inputs says `skipped` for the PDF."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in os.listdir(EXAMPLE):
        (folder / name).write_bytes((EXAMPLE / name).read_bytes())
    (folder / "notes.pdf").write_bytes(b"%PDF")
    return folder


@pytest.mark.parametrize("args, message", [
    (["brief", "{in}", "--format", "json", "-o", "{tmp}/no/such/brief.json"], "--out {tmp}/no/such/brief.json"),
    (["brief", "{in}", "--format", "md", "-o", "{tmp}"], "is a folder"),
    (["stories", "{in}", "--out", "{tmp}/out", "--state", "{tmp}/no/such/state.json"], "--state"),
    (["stories", "{in}", "--out", "{in}/notes.pdf/sub"], "--out"),
])
def test_an_output_that_cannot_be_written_is_found_before_any_work(tmp_path, args, message):
    folder = _inputs_with_one_unusable(tmp_path)
    paths = {"in": str(folder), "tmp": str(tmp_path)}
    result = run(*[a.format(**paths) for a in args])
    assert result.returncode == 2 and message.format(**paths) in result.stderr
    assert "skipped" not in result.stderr  # the inputs were not even read
    assert not (tmp_path / "out").exists() or not os.listdir(tmp_path / "out")


@pytest.mark.parametrize("command, quiet", [("brief", True), ("quotes", False), ("quotes", True),
                                            ("stories", False), ("stories", True)])
def test_a_missing_path_is_skipped_and_the_usable_inputs_go_on_and_quiet_says_nothing(tmp_path, command, quiet):
    (tmp_path / "empty").mkdir()
    bad = [tmp_path / "typo.txt", tmp_path / "empty"]
    extra = {"brief": ["--format", "json"], "quotes": ["--format", "json"],
             "stories": ["--out", str(tmp_path / "out"), "--no-briefs"]}[command]
    result = run(command, str(EXAMPLE), *map(str, bad), *extra, *(["--quiet"] if quiet else []))
    assert result.returncode == 0, result.stderr
    if quiet:
        assert result.stderr == ""
    else:
        assert f"skipped {bad[0]}: no such file or folder" in result.stderr
        assert f"skipped {bad[1]}: the folder has no files" in result.stderr
    if command == "stories":
        assert len((tmp_path / "out" / "assignments.jsonl").read_text(encoding="utf-8").splitlines()) == 5
    else:
        data = json.loads(result.stdout)
        assert len(data["articles"]) == 5
        if command == "brief":
            assert [s["source"] for s in data["skipped"]] == list(map(str, bad))


def _thread_states(pid: int) -> list[str]:
    """What each thread of a process waits in (/proc's wchan; "0" while it runs); [] without /proc."""
    import glob

    states = []
    for wchan in glob.glob(f"/proc/{pid}/task/*/wchan"):
        try:
            with open(wchan, encoding="ascii") as fh:
                states.append(fh.read())
        except OSError:
            pass
    return states


def _wait_until_reading_stdin(process, timeout=120.0):
    """Until a thread of the process blocks reading a pipe (its stdin), or, where /proc tells
    nothing, 5 s. A running thread's wchan reads "0", so "0" means "not yet", never "blocked"."""
    import time

    start = time.monotonic()
    deadline = start + timeout
    while time.monotonic() < deadline and process.poll() is None:
        states = _thread_states(process.pid)
        if any("pipe" in state for state in states):
            return
        if not states and time.monotonic() > start + 5:
            return
        time.sleep(0.05)


def _wait_until_loading_the_models(process, timeout=120.0):
    """Until spaCy's compiled modules are mapped into the process (the command is running its
    work; a Ctrl-C while Python itself starts is not what is tested), or, without /proc, 5 s."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with open(f"/proc/{process.pid}/maps", encoding="utf-8", errors="replace") as fh:
                if "/spacy/" in fh.read():
                    return
        except OSError:
            time.sleep(5)
            return
        time.sleep(0.05)


@pytest.mark.parametrize("command, args", [
    ("brief", ["-", "--format", "json", "-o", "{tmp}/brief.json"]),
    ("stories", ["-", "--out", "{tmp}/out", "--state", "{tmp}/state.json"]),
    ("brief", ["{example}", "--format", "json", "-o", "{tmp}/brief.json"]),
])
def test_ctrl_c_exits_130_saying_interrupted_and_writes_nothing(tmp_path, command, args):
    import signal
    import time

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    args = [a.format(tmp=tmp_path, example=EXAMPLE) for a in args]
    process = subprocess.Popen([sys.executable, "-m", "synopsis", command, *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        if "-" in args:
            process.stdin.write("Ferry halted\n\nThe island ferry stopped running on Sunday")
            process.stdin.flush()
            _wait_until_reading_stdin(process)  # stdin stays open: the run waits for the rest
        else:
            _wait_until_loading_the_models(process)  # in the work, not starting Python
        assert process.poll() is None, "the run ended before it could be interrupted"
        children = _children(process.pid)  # the brief's encoder process
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert stdout == ""
    left = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert left == [], left  # no output, no state, no temporary file
    assert not _left_running(children)  # no orphan


def _children(pid: int) -> list[int]:
    """Pids of the running processes whose parent is `pid` (from /proc; [] without it)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _left_running(pids: list[int], timeout: float = 10.0) -> list[int]:
    """Those of `pids` still running after `timeout` seconds (a child told to end by its parent's
    death, PR_SET_PDEATHSIG, ends a moment after it)."""
    import time

    deadline = time.monotonic() + timeout
    while (left := [pid for pid in pids if _running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, **kwargs)


def test_ctrl_c_does_not_wait_for_a_model_load_that_never_ends(tmp_path):
    """A Ctrl-C ends the run at once even when a background load will never end (a loader thread
    blocked on a lock the interrupted main thread held): the exit does not join it."""
    import signal

    code = ("import sys, threading\nfrom synopsis import models\nnever = threading.Event()\n"
            "models.OnnxSentenceEncoder = lambda *args, **kwargs: never.wait()\n"
            "models._SERVE = 'import time; time.sleep(600)'\n"  # its own process never gets ready either
            "sys.argv = ['synopsis', *sys.argv[1:]]\nfrom synopsis.__main__ import main\nmain()\n")
    process = _python(code, "brief", str(EXAMPLE), "--format", "json", "-o", str(tmp_path / "brief.json"))
    try:
        _wait_until_loading_the_models(process)
        _wait_until_blocked(process)  # the main thread waits for the encoder that never comes
        assert process.poll() is None, "the run ended before it could be interrupted"
        children = _children(process.pid)
        assert children  # the encoder's process, waited for
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr and stdout == ""
    assert list(tmp_path.iterdir()) == []
    assert not _left_running(children)


def _wait_until_blocked(process, timeout=120.0):
    """Until no thread of the process runs (all wait: /proc's wchan is not "0"), or, without /proc, 5 s."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        states = _thread_states(process.pid)
        if not states:
            time.sleep(5)
            return
        if all(state not in ("", "0") for state in states):
            return
        time.sleep(0.05)


@pytest.mark.parametrize("where, code", [
    ("in importlib's code", 130),  # ends there: an interrupt in importlib can leave its locks held
    ("in our code", 0),  # a KeyboardInterrupt as ever: the code around it cleans up
])
def test_ctrl_c_inside_the_import_machinery_ends_the_process_there(where, code):
    filename = "<frozen importlib._bootstrap>" if where == "in importlib's code" else "cleanup.py"
    program = ("import signal, sys\nfrom synopsis import interrupts\ninterrupts.interrupt_safely()\n"
               f"work = compile('import signal; signal.raise_signal(signal.SIGINT)', {filename!r}, 'exec')\n"
               "try:\n    exec(work)\nexcept KeyboardInterrupt:\n    print('cleaned up')\n")
    process = _python(program)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stderr
    if code == 130:
        assert stdout == "" and stderr.strip() == "synopsis: interrupted; no output file was left half-written"
    else:
        assert stdout == "cleaned up\n" and stderr == ""


def test_ctrl_c_while_the_app_is_imported_exits_130_saying_interrupted():
    program = ("import sys\n"
               "class Interrupt:\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name == 'synopsis.cli':\n            raise KeyboardInterrupt\n"
               "sys.meta_path.insert(0, Interrupt())\nsys.argv = ['synopsis', 'brief', 'x']\n"
               "from synopsis.__main__ import main\nmain()\n")
    process = _python(program)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr, stderr


def test_console_script_takes_the_same_fast_path():
    """The installed `synopsis` script calls synopsis.__main__:main, so `synopsis version` also
    answers without importing the command-line app."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["synopsis"] == "synopsis.__main__:main"
    code = ("import sys; sys.argv = ['synopsis', 'version']\nfrom synopsis.__main__ import main\nmain()\n"
            "print('typer' in sys.modules, file=sys.stderr)")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.stdout.startswith("synopsis ") and result.stderr.strip().splitlines()[-1] == "False", result


def test_a_command_runs_with_fewer_garbage_collections_and_the_library_leaves_them_alone():
    code = ("import gc, sys\nimport synopsis\ndefaults = gc.get_threshold()\n"
            "sys.argv = ['synopsis', 'version']\nfrom synopsis.__main__ import GC_THRESHOLDS, main\nmain()\n"
            "print(defaults == (700, 10, 10), gc.get_threshold() == GC_THRESHOLDS, file=sys.stderr)")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.stderr.split() == ["True", "True"], result
