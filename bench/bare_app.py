"""The ceiling for bench/rush.py: a bare Flask endpoint that inserts one row, nothing else."""

import os

from flask import Flask, request
from sqlalchemy import create_engine, text

DATABASE_URL = os.environ["BARE_DATABASE_URL"]
engine = create_engine(DATABASE_URL, pool_pre_ping=True)
app = Flask(__name__)


@app.post("/insert")
def insert():
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA busy_timeout=30000")
        conn.execute(text("INSERT INTO bare_rows (email) VALUES (:email)"), {"email": request.form["email"]})
    return "ok", 201


def create_table() -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        conn.execute(text("DROP TABLE IF EXISTS bare_rows"))
        key = "INTEGER PRIMARY KEY" if conn.dialect.name == "sqlite" else "SERIAL PRIMARY KEY"
        conn.execute(text(f"CREATE TABLE bare_rows (id {key}, email VARCHAR(254) NOT NULL)"))
