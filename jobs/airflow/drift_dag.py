"""Airflow DAG: nightly spark-drift check of yesterday's partition with SparkSubmitOperator.

Needs apache-airflow-providers-apache-spark and a Spark connection (default "spark_default")
pointing at your cluster. `{{ ds }}` is the logical date: for a daily schedule, the day whose data
just closed. The task fails when spark-drift exits non-zero: 1 = dataset drift (with
--fail-on-drift), 2 = invalid input or config, 3 = runtime failure; failed tasks show the job's
one-line error in the log.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

DRIFT_HOME = "/opt/spark-drift"

with DAG(
    dag_id="spark_drift_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
    tags=["data-quality", "drift"],
) as dag:
    SparkSubmitOperator(
        task_id="drift_check",
        conn_id="spark_default",
        application=f"{DRIFT_HOME}/target/spark-drift.jar",
        java_class="io.sparkdrift.cli.Main",
        name="spark-drift-{{ ds }}",
        files=f"{DRIFT_HOME}/conf/nightly.yaml",
        conf={
            "spark.sql.shuffle.partitions": "64",
            "spark.dynamicAllocation.enabled": "true",
        },
        executor_memory="2g",
        application_args=[
            "--config", "nightly.yaml",
            "--current-date", "{{ ds }}",
            "--run-date", "{{ ds }}",
            "--out", "hdfs:///drift/events/{{ ds }}",
            "--fail-on-drift",
        ],
    )
