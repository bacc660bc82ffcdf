import math

import nbformat
import numpy as np

import evalnb
from evalnb.record import META_MIMETYPE, MIMETYPE


def test_record_outside_a_kernel_keeps_plain_values():
    assert evalnb.record("share", np.float64(0.25)) == 0.25
    evalnb.record("missing", math.nan)
    from evalnb.record import recorded

    assert recorded["share"] == 0.25 and isinstance(recorded["share"], float)
    assert recorded["missing"] is None


def test_read_records_and_meta_from_outputs():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={MIMETYPE: {"name": "a", "value": 1}}),
        nbformat.v4.new_output("display_data", data={META_MIMETYPE: {"title": "Школа", "lang": "ru"}}),
        nbformat.v4.new_output("display_data", data={MIMETYPE: {"name": "a", "value": 2}}),
    ]
    nb.cells = [cell]
    assert evalnb.read_records(nb) == {"a": 2}
    assert evalnb.read_meta(nb) == {"title": "Школа", "lang": "ru"}
