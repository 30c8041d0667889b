"""The corpus of bad import files (tests/cameras/bad_imports/): every one refused, saying where,
and every table of the database byte for byte as it was.

Each file has one defect (the files are named for it); `expected.json` holds what the import
says of each, `options.json` the options a file is imported with.
"""

import datetime
import hashlib
import json
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation

from cameras.imports import checks, import_cameras

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).with_name("bad_imports")
EXPECTED = json.loads((CORPUS / "expected.json").read_text())
OPTIONS = json.loads((CORPUS / "options.json").read_text())
# What a problem of the whole file (or of a line's encoding) says, in place of a column.
WHOLE_FILE = {"empty", "no rows", "binary", "workbook", "neither", "not utf-8", "mixes"}
_baseline = {}


def snapshot() -> dict[str, str]:
    """Return a digest of every table's rows, in a stable order."""
    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def test_the_corpus_holds_at_least_forty_files_each_with_its_answer():
    files = sorted(path.name for path in CORPUS.glob("*.csv"))
    assert len(files) >= 40
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_file_is_refused_where_it_is_wrong_and_changes_no_table(name, today_is):
    today_is(datetime.date(2026, 12, 1))
    if not _baseline:
        _baseline.update(snapshot())  # every test starts from the same seeded register
    with translation.override("en"):
        result = import_cameras(
            (CORPUS / name).read_bytes(), file_name=name, **OPTIONS.get(name, {})
        )
        assert [str(problem) for problem in result.problems] == EXPECTED[name]
    assert not result.ok and not result.written
    for problem in result.problems:
        whole = any(word in problem.message.lower() for word in WHOLE_FILE)
        assert (problem.line and problem.column) or whole, problem  # where, or why not
    assert snapshot() == _baseline


def test_rows_read_one_at_a_time_give_the_same_problems(monkeypatch, today_is):
    """The cells are read in chunks of rows (checks.CHUNK): chunks of one row find every
    problem of the corpus at the same line and column, in the same words."""
    today_is(datetime.date(2026, 12, 1))
    monkeypatch.setattr(checks, "CHUNK", 1)
    with translation.override("en"):
        for name in sorted(EXPECTED):
            result = import_cameras((CORPUS / name).read_bytes(), **OPTIONS.get(name, {}))
            assert [str(problem) for problem in result.problems] == EXPECTED[name], name
