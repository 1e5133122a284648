"""A SparkSession set up for synopsis, with the pitfalls of ../shared/design/ecosystem.md §4 handled:

- the Python workers run this interpreter (``PYSPARK_PYTHON``), else they start the system
  ``python3``, which has no pyarrow or synopsis;
- a local master binds to loopback (``SPARK_LOCAL_IP=127.0.0.1``, ``spark.driver.host``);
- one torch / BLAS thread per task slot (``OMP_NUM_THREADS=1`` and friends on the executors,
  ``torch.set_num_threads(1)`` in each task: :func:`one_thread`), else N workers start N
  threads each;
- Arrow batches of ``ARROW_BATCH`` records (the sentence encoder's order of batch size);
- a local run's JVM compiles with the quick JIT compiler only and collects with the serial
  collector (:data:`LOCAL_JIT`);
- Python workers are reused (Spark's default), so models load once per worker process
  (:mod:`synopsis.models` keeps them in module-level singletons: never broadcast or pickled).

Under ``spark-submit`` the session that spark-submit configured is used as it is (its master,
its archives and ``spark.pyspark.python``).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

from ..errors import SynopsisError

#: Records per Arrow batch handed to a pandas function.
ARROW_BATCH = 256
#: JIT of a local run's JVM: the quick compiler only. A run's JVM lives minutes and mostly moves
#: rows between shuffles and Python; HotSpot's optimising compiler (C2) spent more CPU compiling
#: (Spark's own code and each query's generated classes) than the code it made saved: 5,000
#: synthetic articles on local[1], JVM CPU 185.7 s with it, 107.7 s without, same answers
#: (README "Scale"). In local[1] those compiler threads also ran on the second core.
#: Its garbage collector: the serial one. G1 (the default) spends CPU in threads beside the
#: tasks (concurrent marking, refinement, parallel pause workers) that local[1] gets for free on
#: its idle core and local[2] takes from its tasks; the serial collector does the least work for
#: a heap of a few hundred MB of cached rows: 4,000 WARC pages on local[2], JVM CPU 51.7 s with
#: G1, 43.1 s serial (README "Scale").
LOCAL_JIT = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TOKENIZERS_PARALLELISM")


class SparkUnavailable(SynopsisError):
    """pyspark or Java is missing: the message says how to install them."""


def java_problem() -> str | None:
    """Why Spark cannot start here (no Java), or None."""
    java_home = os.environ.get("JAVA_HOME")
    java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    if not java or not os.path.exists(java):
        return ("Spark needs Java 17 or newer and none was found: install it "
                "(`apt-get install openjdk-17-jre-headless`) or set JAVA_HOME")
    return None


def pyspark_problem() -> str | None:
    """Why pyspark cannot be imported (the extra is not installed), or None."""
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as err:
        return (f"the Spark extra is not installed ({err.name} is missing): "
                "pip install 'synopsis[spark]' (or -r requirements/spark.txt)")
    return None


def spark_problem() -> str | None:
    return pyspark_problem() or java_problem()


def is_local(master: str | None) -> bool:
    return master is None or master.startswith("local")


def under_spark_submit() -> bool:
    """Started by spark-submit: its JVM launched this Python and handed over a py4j gateway."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def spark_session(master: str | None = "local[2]", *, app_name: str = "synopsis", partitions: int | None = None,
                  config: dict[str, str] | None = None):
    """The session: an active one (spark-submit's) when there is one, else a new one on `master`."""
    problem = spark_problem()
    if problem:
        raise SparkUnavailable(problem)
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    submitted = under_spark_submit()
    if submitted:
        master = None  # spark-submit's --master, archives and spark.pyspark.python
    if is_local(master) and not submitted:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    settings = {
        "spark.sql.execution.arrow.maxRecordsPerBatch": str(ARROW_BATCH),
        "spark.sql.execution.arrow.pyspark.enabled": "true",  # driver-made frames (graph.py) through Arrow
        "spark.sql.adaptive.enabled": "false",  # partition counts as asked: the run is reproducible
        "spark.ui.showConsoleProgress": "false",
        "spark.python.worker.reuse": "true",
        "spark.executorEnv.PYTHONHASHSEED": "0",
    }
    if partitions or not submitted:
        # Under spark-submit without --partitions the cluster's own settings stand (its
        # --conf spark.sql.shuffle.partitions, or Spark's default): twice the driver's cores would
        # be far too few partitions for a cluster's executors.
        count = str(partitions or max(2, 2 * _cores(master)))
        settings.update({"spark.sql.shuffle.partitions": count, "spark.default.parallelism": count})
    for name in THREAD_VARIABLES:
        settings[f"spark.executorEnv.{name}"] = "false" if name == "TOKENIZERS_PARALLELISM" else "1"
    if is_local(master) and not submitted:
        scratch = tempfile.mkdtemp(prefix="synopsis-spark-")
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)  # Spark's shuffle files and checkpoints
        settings.update({
            "spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1", "spark.ui.enabled": "false",
            "spark.local.dir": scratch, "spark.sql.warehouse.dir": os.path.join(scratch, "warehouse"),
            "spark.driver.memory": os.environ.get("SYNOPSIS_SPARK_DRIVER_MEMORY", "4g"),
            "spark.driver.extraJavaOptions": f"-Djava.io.tmpdir={scratch} {LOCAL_JIT}",
        })
    settings.update(config or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("SYNOPSIS_SPARK_LOG", "ERROR"))
    return spark


def _cores(master: str | None) -> int:
    import re

    if master and (m := re.fullmatch(r"local\[(\d+|\*)(?:,\d+)?\]", master)):
        return os.cpu_count() or 1 if m[1] == "*" else int(m[1])
    if master == "local":
        return 1
    return os.cpu_count() or 2


def driver_table(spark, rows, schema: str):
    """A small table made on the driver (`rows`: tuples in the order of `schema`'s fields, a DDL
    string) through a pandas frame: Spark plans it as a local relation whose size it knows, so a
    join with it is a broadcast with no job of its own. ``createDataFrame`` of a list of tuples is
    a scan of an RDD of unknown size instead: planned as big, its joins shuffled or sort-merged
    (session 35's query plans)."""
    import pandas as pd
    from pyspark.sql.types import DoubleType, StructType

    struct = StructType.fromDDL(schema)  # public since pyspark 4.0 (parsed by the session's JVM)
    rows = list(rows)
    columns = {}
    for i, f in enumerate(struct.fields):
        numeric = f.dataType.typeName() in ("integer", "long", "short", "byte")
        dtype = "int64" if numeric else "float64" if isinstance(f.dataType, DoubleType) else object
        # No rows: one placeholder row filtered out (pyspark makes an empty pandas frame an RDD scan).
        values = [r[i] for r in rows] if rows else [0 if numeric else 0.0 if dtype == "float64" else ""]
        columns[f.name] = pd.Series(values, dtype=dtype)
    table = spark.createDataFrame(pd.DataFrame(columns, columns=struct.names), struct)
    return table if rows else table.where("false")


def kept(frame):
    """`frame` stored when a job first computes it, with its lineage cut: later queries over it
    plan a scan of the stored rows, not the whole lineage below. A cached frame keeps its lineage
    in every query that reads it, and the driver analyses, matches against the cache and plans
    that again for each job while the cores idle (session 35: 186 exchanges in the plan of the
    block tasks' job). A local checkpoint (rows on the executors, as a cache; a lost executor
    fails the job rather than recomputing), or a reliable one where the session has a checkpoint
    folder (``SparkContext.setCheckpointDir``: a cluster's choice)."""
    if frame.sparkSession.sparkContext.getCheckpointDir():
        return frame.checkpoint(eager=False)
    return frame.localCheckpoint(eager=False)


def one_thread(*, torch: bool = False) -> None:
    """One torch (and BLAS) thread in this task: a task slot is one core. `torch`: import it now
    (the brief stage, which encodes sentences), else only set it when already imported."""
    for name in THREAD_VARIABLES[:3]:
        os.environ.setdefault(name, "1")
    if torch or "torch" in sys.modules:
        import torch as _torch

        if _torch.get_num_threads() != 1:
            _torch.set_num_threads(1)


def counter(spark):
    """An accumulator of named counts ({name: n}), added to by tasks, read by the driver."""
    from pyspark.accumulators import AccumulatorParam

    class _Counts(AccumulatorParam):
        def zero(self, value):
            return {}

        def addInPlace(self, a, b):
            for k, v in b.items():
                a[k] = a.get(k, 0) + v
            return a

    return spark.sparkContext.accumulator({}, _Counts())


def cpu_timed(fn, counts, stage: str, *, cogroup: bool = False):
    """`fn` (a pandas function of a stage; of two frames for a ``cogroup``) adding the CPU seconds its Python worker spends in it
    to ``counts["cpu <stage>"]`` (in milliseconds): CPU time per stage, whatever the load."""
    import inspect
    import time

    if counts is None:
        return fn
    key = f"cpu ms: {stage}"
    if inspect.isgeneratorfunction(getattr(fn, "func", fn)):
        def generator(frames):
            spent = 0.0
            t0 = time.process_time()
            for out in fn(frames):
                spent += time.process_time() - t0
                yield out
                t0 = time.process_time()
            spent += time.process_time() - t0
            counts.add({key: int(spent * 1000)})
        return generator

    def timed(*frames):
        t0 = time.process_time()
        try:
            return fn(*frames)
        finally:
            counts.add({key: int((time.process_time() - t0) * 1000)})

    # pyspark tells applyInPandas (data) and cogroup (left, right) functions apart by their arity.
    if cogroup:
        def two(left, right):
            return timed(left, right)
        return two

    def function(frame):
        return timed(frame)
    return function
