"""One local[2] Spark session for all the Spark tests, started once (a session costs 10-15 s).

Where pyspark or Java is missing the tests skip with the reason, and fail under CI=true (CI
installs both: scripts/install.sh).
"""

from __future__ import annotations

import os

import pytest


def need_spark() -> None:
    from synopsis.spark.session import spark_problem

    problem = spark_problem()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)


@pytest.fixture(scope="session")
def spark():
    need_spark()
    from synopsis.spark.session import spark_session

    session = spark_session("local[2]", app_name="synopsis-tests", partitions=4)
    yield session
    session.stop()
