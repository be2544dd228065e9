"""The bulk printing job: badges of a selection rendered in worker processes, then marked printed."""

from .. import audit
from ..jobs import job_kind, result_dir
from ..models import Edition, User, db
from . import bulk
from .service import layout_for, mark_printed


@job_kind("badges.print")
def print_badges(job, progress):
    edition = db.session.get(Edition, job.params["edition_id"])
    selection = bulk.Selection.from_params(job.params["selection"])
    layout = layout_for(edition, selection.layout)
    ids = bulk.selected_ids(edition, selection)
    progress(0, len(ids))
    path = result_dir() / f"badges-{job.id}.pdf"
    bulk.render_to_file(edition, layout, ids, out=str(path), progress=progress)
    mark_printed(ids)
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    audit.record("badge.bulk_print", edition, actor=actor, count=len(ids), layout=layout)
    db.session.commit()
    return str(path), f"badges-{layout}-{len(ids)}.pdf"
