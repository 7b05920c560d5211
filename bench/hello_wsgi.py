"""A plain Flask "hello world": bench_pages.py's yardstick, served by the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, world!"
