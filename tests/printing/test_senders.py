"""A printer's one sender, in this process against a real ippeveprinter: two senders racing, a
sender that stopped mid-send taken over, and each badge rendered once. Counted in the spool."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update

from conference import storage
from conference.badges.service import render_badge
from conference.models import Participant, utcnow
from conference.models.printing import PrinterSender, PrintJob, PrintStation
from conference.printing import ipp, service
from tests import ippeve
from tests.printing.test_printers import people

pytestmark = [
    pytest.mark.printing,
    pytest.mark.skipif(not ippeve.available(), reason="ippeveprinter is missing: apt-get install cups-ipp-utils"),
    pytest.mark.app_config(PRINT_SENDER_LINGER_SECONDS=0, PRINT_POLL_SECONDS=0.1, PRINT_RETRY_SECONDS=0.2),
]


@pytest.fixture
def printer(tmp_path):
    label = tmp_path / "label.sh"
    label.write_text("#!/bin/sh\nsleep 0.3\n")  # a label printer: one job at a time, busy meanwhile
    label.chmod(0o755)
    started = ippeve.Printer(tmp_path / "spool", command=str(label)).start()
    yield started
    started.stop()


def queued(db, edition, printer, count):
    station = PrintStation(edition_id=edition.id, name_ar="المدخل", name_en="Entrance", printer_uri=printer.uri)
    db.session.add(station)
    db.session.flush()
    jobs = [service.queue_print(guest, station) for guest in people(db, edition, count)]
    db.session.commit()
    return jobs


def run_sender(app, uri, name):
    with app.app_context():
        service.Sender(uri, name).run()


def test_two_senders_racing_for_one_printer_one_sends_each_badge_once(app, db, edition, printer):
    jobs = queued(db, edition, printer, 4)
    threads = [threading.Thread(target=run_sender, args=(app, printer.uri, f"sender-{i}")) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    db.session.expire_all()
    done = [db.session.get(PrintJob, job.id) for job in jobs]
    assert [job.status for job in done] == ["completed"] * 4
    assert len({job.sent_by for job in done}) == 1  # one sender sent them all
    assert len(printer.documents()) == 4
    assert sorted(printer.job_names()) == sorted(job.printer_job_name for job in done)


@pytest.mark.parametrize("reached_printer", [True, False])
def test_a_sender_stopped_mid_send_is_taken_over_and_the_badge_printed_once(app, db, edition, printer,
                                                                            reached_printer):
    (job,) = queued(db, edition, printer, 1)
    dead = "dead-server:1:abc"
    assert service.claim_printer(printer.uri, dead)
    service.Sender(printer.uri, "too-early").run()  # a live claim is left alone
    assert printer.documents() == []
    # What the dead sender left: the job claimed for a send, perhaps received by the printer.
    job.status, job.attempts, job.sent_by, job.printer_uri = "sending", 1, dead, printer.uri
    db.session.execute(update(PrinterSender).values(heartbeat_at=utcnow() - timedelta(seconds=31)))
    db.session.commit()
    if reached_printer:
        ipp.print_pdf(printer.uri, render_badge(job.participant, "a6"), job_name=job.printer_job_name)
    service.Sender(printer.uri, "new-sender").run()
    db.session.expire_all()
    job = db.session.get(PrintJob, job.id)
    assert (job.status, job.sent_by) == ("completed", "new-sender")
    assert len(printer.documents()) == 1
    assert db.session.get(Participant, job.participant_id).badge_print_count == 1


def test_each_badge_is_rendered_once_however_many_rounds(app, db, edition, printer, monkeypatch):
    renders = []

    def counted(*args, **kwargs):
        renders.append(1)
        return render_badge(*args, **kwargs)

    monkeypatch.setattr(service, "render_badge", counted)
    jobs = queued(db, edition, printer, 3)
    printer.stop()
    for _ in range(3):
        service.send_round(printer.uri)
    assert renders == []  # nothing is rendered for a printer that is off
    db.session.expire_all()
    assert all(db.session.get(PrintJob, j.id).reason.startswith("offline") for j in jobs)
    printer.start()
    service.Sender(printer.uri, "sender").run()  # many rounds: the printer is busy after each label
    db.session.expire_all()
    assert [db.session.get(PrintJob, j.id).status for j in jobs] == ["completed"] * 3
    assert len(renders) == 3 and len(printer.documents()) == 3
    assert storage.keys("prints/") == []
