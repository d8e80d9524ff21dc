"""R-FOOT-5: the sources of an export are checked against their sealed hashes while
they are read for the cut (no pass of their own), and the clip is written straight into
its ZIP member: whatever part of a file the cut reads or skips, a changed segment fails
the export and nothing is published; the clip's bytes are those of a cut to a file."""

import datetime as dt
import zipfile

import pytest

from tests.support.footage import approve_all
from watchroom.footage import exporting, selectors, services
from watchroom.footage.choices import ExportState
from watchroom.recording import storage

pytestmark = pytest.mark.django_db


def changed_export(request, people, segment_index, change):
    export = services.export_create(actor=people["executor"], request=request)
    segments = list(selectors.segments_in(selectors.export_ranges(export)))
    segment = segments[segment_index]
    path = storage.absolute(segment.path)
    path.write_bytes(change(path.read_bytes()))
    return exporting.build_export(export.pk), segment


def scoped(police_request, people, camera, window, offset, seconds):
    start = window[0] + dt.timedelta(seconds=offset)
    return approve_all(police_request(
        scope=[(camera, start, start + dt.timedelta(seconds=seconds))]), people)


def test_r_foot_5_a_change_past_the_range_end_in_the_last_segment_fails_the_export(
        police_request, people, recorded_camera, footage_window):
    request = scoped(police_request, people, recorded_camera, footage_window, 95.3, 40)
    export, segment = changed_export(request, people, -1,
                                     lambda data: data[:-1] + bytes([data[-1] ^ 1]))
    assert export.state == ExportState.FAILED
    assert segment.sha256 in export.error
    assert not list(selectors.exports_dir().glob("*.zip*"))


def test_r_foot_5_a_segment_changed_so_that_it_no_longer_reads_is_named_as_changed(
        police_request, people, recorded_camera, footage_window):
    request = scoped(police_request, people, recorded_camera, footage_window, 95.3, 40)
    export, segment = changed_export(request, people, 0, lambda data: data[:2000])
    assert export.state == ExportState.FAILED
    assert segment.sha256 in export.error
    assert not list(selectors.exports_dir().glob("*.zip*"))


def test_r_foot_5_a_clip_cut_into_the_package_equals_a_clip_cut_to_a_file(
        police_request, people, recorded_camera, footage_window):
    request = scoped(police_request, people, recorded_camera, footage_window, 95.3, 50)
    plain = services.export_create(actor=people["executor"], request=request)
    plain = exporting.build_export(plain.pk)  # the clip muxed into its member
    merged = services.export_create(actor=people["executor"], request=request,
                                    merged_clip=True)
    merged = exporting.build_export(merged.pk)  # the clip cut to a file, then copied
    assert plain.state == merged.state == ExportState.DONE
    with zipfile.ZipFile(selectors.exports_dir() / plain.path) as one, \
            zipfile.ZipFile(selectors.exports_dir() / merged.path) as two:
        clips = [n for n in one.namelist() if n.startswith("clips/")]
        assert len(clips) == 1
        assert one.testzip() is None
        assert one.read(clips[0]) == two.read(clips[0])
