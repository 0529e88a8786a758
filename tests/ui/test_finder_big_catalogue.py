"""A big catalogue: the finder's index is built on a worker thread while the desk keeps working."""

import dataclasses

import pytest

from desk_app.i18n import _
from ui.models.service_list_model import ServiceListModel


@pytest.fixture
def async_from_40(monkeypatch):
    monkeypatch.setattr(ServiceListModel, "ASYNC_FROM", 40)


def copies(services, times):
    """``times`` copies of every service, each with its own code (KELA-X → KELA-X-2, …)."""
    return [
        dataclasses.replace(s, code=f"{s.code}-{n}") for n in range(1, times + 1) for s in services
    ]


def test_the_search_stays_and_the_new_list_arrives_when_its_index_is_ready(
    window, desk, qtbot, async_from_40
):
    finder = window.finder
    qtbot.keyClicks(finder.search_edit, "kela")
    before = finder.visible_codes()
    assert "KELA-UNEMPLOYMENT-BENEFIT" in before

    bigger = copies(desk.services(), 3)
    with qtbot.waitSignal(finder.model.sig_services_replaced, timeout=10_000):
        finder.set_services(bigger, today=desk.today())
        assert finder.model.is_preparing()
        assert finder.empty_label.isVisibleTo(finder)
        assert finder.empty_label.text() == _("Preparing the search over {count} services…").format(
            count=len(bigger)
        )
        assert finder.visible_codes() == before  # the old list answers meanwhile

    assert not finder.model.is_preparing()
    assert not finder.empty_label.isVisibleTo(finder)
    assert finder.search_edit.text() == "kela"
    after = finder.visible_codes()
    assert len(after) == 3 * len(before)
    assert {code.rsplit("-", 1)[0] for code in after} == set(before)


def test_only_the_newest_list_is_shown_when_two_arrive_quickly(window, desk, qtbot, async_from_40):
    finder = window.finder
    first, second = copies(desk.services(), 2), copies(desk.services(), 4)
    with qtbot.waitSignal(finder.model.sig_services_replaced, timeout=10_000):
        finder.set_services(first, today=desk.today())
        finder.set_services(second, today=desk.today())
    finder.model.wait_until_ready(10_000)
    qtbot.wait(50)  # any stale result is delivered and dropped
    assert finder.model.rowCount() == len(second)
    assert not finder.model.is_preparing()
