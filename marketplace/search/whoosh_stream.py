"""A large unit of work's index entries, written by a second process while the rows are still
being written, and shown only when the database commits.

Why: writing 100,000 entries took half of an import, serially after the rows. Here the import
hands each batch's rows (read inside its transaction: the writer process cannot see uncommitted
rows) over a pipe to a process that builds their entries into one new segment, on the other core.
At the commit the segment is finished first (before the database commits, so that a failure can
still be written in-process), then listed in the index's table of contents after it: readers see it
at that moment only. A rollback cancels the segment. The write lock is held by the writer process
from its start to its end, as an in-process writer holds it while its segment is open.
"""

import logging
import os
import subprocess  # noqa: S404  (this interpreter, this module: an argument list, no shell)
import sys
import traceback
from multiprocessing.connection import Connection
from pathlib import Path

from whoosh import index

from marketplace.search.documents import documents_of, load_rows
from marketplace.search.whoosh_store import BulkWriter, Store, add_document

log = logging.getLogger(__name__)
READY_TIMEOUT = 120.0  # seconds to start the process and take the write lock (LOCK_TIMEOUT is 30)


class Stream:
    """The importing process's end: send rows, then prepare, commit or cancel."""

    def __init__(self, data_dir):
        # A fresh interpreter running this module only: a fork would share the app's connections
        # and threads' locks, and multiprocessing's spawn would import the caller's main script again.
        to_writer, from_writer = os.pipe(), os.pipe()
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", __name__, str(data_dir), str(to_writer[0]), str(from_writer[1])],
            pass_fds=(to_writer[0], from_writer[1]),
            stdin=subprocess.DEVNULL,
        )
        os.close(to_writer[0])  # the writer's ends, closed here so that its death reads as end-of-file
        os.close(from_writer[1])
        self.sending = Connection(to_writer[1], readable=False)
        self.connection = Connection(from_writer[0], writable=False)
        self.store = Store(Path(data_dir))
        self.product_ids: set[int] = set()  # everything sent: what a fallback or a retry must redo
        self.failed: set[int] | None = None  # ids an earlier writer failed, taken by this one
        self.broken = False

    def send(self, session, product_ids: set) -> None:
        """Read these products' rows in the session's transaction and send them; the writer
        builds their documents (that work too is done on the other core)."""
        self.product_ids |= product_ids
        if self.broken:
            return
        found = set()
        try:
            for rows, held in load_rows(session, product_ids):
                found.update(row[0] for row in rows)
                self.sending.send(("rows", rows, held, ()))
            self.sending.send(("rows", [], {}, product_ids - found))  # gone or hidden: removed
        except OSError:  # the writer has died: the caller writes in-process at the commit
            self._break("it stopped while entries were sent")

    def take_failed(self) -> set[int]:
        """The ids earlier writers failed to write, which this one took over: to be sent too."""
        if self.failed is None and not self.broken:
            reply = self._reply(READY_TIMEOUT)
            self.failed = reply[1] if reply and reply[0] == "ready" else None
            if self.failed is None:
                self._break(f"it did not start: {reply}")
        return self.failed or set()

    def prepare(self) -> bool:
        """Finish the segment (before the database commits). False: the writer failed and is
        stopped; the caller writes every id in self.product_ids in-process instead."""
        self.take_failed()
        if not self.broken:
            try:
                self.sending.send(("prepare",))
            except OSError:
                self._break("it stopped before the segment was finished")
            else:
                reply = self._reply()
                if reply != ("prepared",):
                    self._break(f"the segment could not be finished: {reply}")
        return not self.broken

    def commit(self) -> None:
        """Show the segment (after the database committed); raises if the writer failed."""
        try:
            self.sending.send(("commit",))
            reply = self._reply()
        except OSError:
            reply = None
        self._stop()
        if reply != ("committed",):
            raise RuntimeError(f"the search writer process failed to commit: {reply}")

    def cancel(self) -> None:
        """The transaction rolled back: drop the segment (the writer puts back the ids it took)."""
        if self.process.poll() is None:
            try:
                self.sending.send(("cancel",))
            except OSError:
                pass
        self._stop()
        if self.process.returncode != 0 and self.failed:  # it could not put them back itself
            self.store.remember_failed(self.failed)

    def _reply(self, timeout: float | None = None):
        """The writer's next message; None when it died (or gave no sign of life within timeout)."""
        waited = 0.0
        try:
            while not self.connection.poll(1.0):
                waited += 1.0
                if self.process.poll() is not None or (timeout is not None and waited > timeout):
                    return None
            return self.connection.recv()
        except (EOFError, OSError):
            return None

    def _break(self, why: str) -> None:
        log.error("search writer process failed (%s): writing in this process instead", why)
        self.broken = True
        self._stop()

    def _stop(self) -> None:
        self.sending.close()  # a writer still reading sees end-of-file: it cancels and exits
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.failed is None:  # it may have taken over earlier failures before it died: keep them
            reply = self._reply(0)
            self.failed = reply[1] if reply and reply[0] == "ready" else set()
        self.product_ids |= self.failed
        self.connection.close()


class StreamWriter(BulkWriter):
    """A bulk writer fed in batches: an entry sent again replaces the one sent before (marked
    deleted in the new segment), and entries in older segments are deleted as their ids come."""

    def __init__(self, ix):
        super().__init__(ix)
        self.docnum_of: dict[int, int] = {}  # product id -> its entry in the new segment
        self.replaced: set[int] = set()
        self.changed: set[int] = set()
        self.older = self.searcher()  # the segments before this one (kept open: one per id was slow)
        self.segment = None

    def take(self, documents: list, removed) -> None:
        for product_id in [*(d.product_id for d in documents), *removed]:
            if product_id in self.docnum_of:
                self.replaced.add(self.docnum_of.pop(product_id))
            elif product_id not in self.changed:
                self.delete_by_term("id", str(product_id), searcher=self.older)
            self.changed.add(product_id)
        for document in documents:
            self.docnum_of[document.product_id] = self.docnum
            add_document(self, document)

    def prepare(self) -> None:
        if self._added:
            self.segment = self._finalize_segment()
            for docnum in self.replaced:
                self.segment.delete_document(docnum)
        else:
            self._close_segment()

    def publish(self) -> None:
        """Write the table of contents naming the new segment: from now on readers see it."""
        segments = self._merge_segments(None, None, False)  # no merge: as BulkWriter's commits
        if self.segment is not None:
            segments.append(self.segment)
        self._commit_toc(segments)
        self._finish()

    def drop(self) -> None:
        if self.segment is None:
            self.cancel()
            return
        self._finish()
        prefix = self.segment.segment_id()
        for name in list(self.storage.list()):
            if name.startswith(prefix):
                self.storage.delete_file(name)


def serve(data_dir: str, receiving: Connection, connection: Connection) -> None:
    """The writer process: take the lock, then follow the importing process's messages."""
    store = Store(Path(data_dir))
    try:
        store.open_index(create=True)
        with store.write_lock():
            failed = store.take_failed()
            connection.send(("ready", failed))
            _follow(receiving, connection, store, failed)
    except BaseException:
        traceback.print_exc()
        try:
            connection.send(("error", traceback.format_exc(limit=3)))
        except OSError:
            pass
        raise SystemExit(1) from None


def _follow(receiving: Connection, connection: Connection, store: Store, failed: set) -> None:
    writer = StreamWriter(index.open_dir(str(store.current_dir())))
    try:
        while True:
            try:
                message = receiving.recv()
            except EOFError:  # the importing process died: its transaction is rolled back
                message = ("cancel",)
            if message[0] == "rows":
                writer.take(documents_of(message[1], message[2]), message[3])
            elif message[0] == "prepare":
                writer.prepare()
                connection.send(("prepared",))
            elif message[0] == "commit":
                writer.publish()
                store.journal(writer.changed)
                store.touch_version()
                connection.send(("committed",))
                return
            else:  # cancel: nothing of this transaction is shown; the ids taken go back
                writer.drop()
                store.remember_failed(failed)
                return
    except BaseException:
        if not writer.is_closed:
            writer.drop()
        raise


if __name__ == "__main__":
    serve(sys.argv[1], Connection(int(sys.argv[2]), writable=False), Connection(int(sys.argv[3]), readable=False))
