"""One storage module for every file the app writes: the instance folder, a shared folder, or the database."""

from pathlib import Path

import pytest

from conference import create_app, storage


@pytest.mark.app_config(STORAGE_URL="database")
def test_in_the_database_a_file_written_by_one_server_is_read_by_another(app, db, tmp_path, monkeypatch):
    storage.save("uploads/speakers/abc.jpg", b"\xff\xd8 a photo")
    db.session.commit()
    monkeypatch.setenv("CONFERENCE_INSTANCE_PATH", str(tmp_path / "other-server"))
    other = create_app({"TESTING": True, "SECRET_KEY": "x", "STORAGE_URL": "database",
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    with other.app_context():
        assert storage.load("uploads/speakers/abc.jpg") == b"\xff\xd8 a photo"
        storage.save("uploads/speakers/abc.jpg", b"replaced")
        storage.delete("uploads/speakers/none.jpg")
        from conference.extensions import db as other_db

        other_db.session.commit()
        other_db.session.remove()
    db.session.rollback()
    assert storage.load("uploads/speakers/abc.jpg") == b"replaced"
    assert not (Path(app.instance_path) / "uploads").exists() and not (tmp_path / "other-server" / "uploads").exists()


@pytest.mark.app_config(STORAGE_URL="database")
def test_in_the_database_a_file_is_kept_only_with_the_change_that_names_it(app, db):
    storage.save("imports/abandoned.csv", b"name_en\nA")
    db.session.rollback()
    assert storage.load("imports/abandoned.csv") is None


def test_by_default_files_live_in_the_instance_folder_and_keys_stay_inside(app):
    storage.save("jobs/result.pdf", b"%PDF-1.7")
    assert (Path(app.instance_path) / "jobs" / "result.pdf").read_bytes() == b"%PDF-1.7"
    assert list((Path(app.instance_path) / "jobs").iterdir()) == [Path(app.instance_path) / "jobs" / "result.pdf"]
    with pytest.raises(ValueError):
        storage.save("../outside.txt", b"no")
    storage.delete("jobs/result.pdf")
    assert storage.load("jobs/result.pdf") is None


def test_a_shared_folder_is_named_by_a_file_url(app, tmp_path):
    shared = tmp_path / "shared"
    app.config["STORAGE_URL"] = f"file://{shared}"
    storage.save("outbox/one.eml", b"Subject: x")
    assert (shared / "outbox" / "one.eml").read_bytes() == b"Subject: x"
    app.config["STORAGE_URL"] = "s3://bucket"
    with pytest.raises(ValueError):
        storage.load("outbox/one.eml")
